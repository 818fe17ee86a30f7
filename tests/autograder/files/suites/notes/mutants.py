"""Realistic bugs planted in the notes reference app to measure learner tests."""

from autograder.material.mutants import Mutant

MUTANTS = [
    Mutant(
        id="delete_keeps_note",
        description="deleting a note does not remove it",
        replacements=[("        del notes[note_id]\n", "        notes.get(note_id)\n")],
    ),
    Mutant(
        id="blank_text_accepted",
        description="a note with blank text is accepted",
        replacements=[("if not isinstance(text, str) or not text.strip():", "if not isinstance(text, str):")],
    ),
    Mutant(
        id="create_answers_200",
        description="creating a note answers 200 instead of 201",
        replacements=[("return jsonify(notes[note_id]), 201", "return jsonify(notes[note_id]), 200")],
    ),
    Mutant(
        id="mail_to_sender",
        description="the mail goes to the sender instead of the recipient",
        replacements=[("recipients=[to]", 'recipients=[app.config["MAIL_DEFAULT_SENDER"]]')],
    ),
    Mutant(
        id="length_limit_ignored",
        description="notes longer than MAX_NOTE_LENGTH are accepted",
        replacements=[('if len(text) > app.config["MAX_NOTE_LENGTH"]:', "if False:")],
    ),
]
