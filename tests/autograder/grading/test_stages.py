"""Grading stages: recorded once each while a recorder is active, never otherwise, and never in the result."""

import asyncio
import threading
from collections import Counter

import pytest

from autograder.grading import stages
from autograder.grading.submission import grade_file
from tests.autograder.builders import NOTES_SOLUTION, NOTES_SUITE, needs_bwrap, small_options

NAMED = {
    "sandbox start",
    "kernel start",
    "notebook execution",
    "runtime sent, create_app checked",
    "hidden suite: pytest thread",
    "hidden suite: collection",
    "hidden suite: run after the gate",
    "kernel stop",
    "quality check",
    "quality worker start",
    "result data",
}


def test_no_stage_is_recorded_without_a_recorder() -> None:
    with stages.stage("anything"):
        pass
    assert stages.start("anything") is None
    stages.finish(None)


def test_a_stage_is_recorded_in_threads_and_tasks_started_under_the_recorder() -> None:
    async def both() -> None:
        await stages.timed_task("task", asyncio.sleep(0))
        await asyncio.to_thread(lambda: stages.finish(stages.start("to_thread")))

    with stages.recording() as recorder:
        asyncio.run(both())
        # A bare thread starts from an empty context: nothing of it is recorded.
        thread = threading.Thread(target=lambda: stages.finish(stages.start("bare thread")))
        thread.start()
        thread.join()
    assert sorted(record.name for record in recorder.stages) == ["task", "to_thread"]


@needs_bwrap
@pytest.mark.slow
def test_grading_records_each_stage_once_and_the_result_does_not_change(monkeypatch: pytest.MonkeyPatch) -> None:
    with stages.recording() as recorder:
        recorded = grade_file(NOTES_SOLUTION, small_options())
    assert recorded["status"] == "graded", recorded["reason"]
    counts = Counter(record.name for record in recorder.stages)
    slots = [name for name in counts if name.startswith("quality: ")]
    variants = Counter(name.removeprefix("quality: ").rsplit(" (slot ", 1)[0] for name in slots)
    assert variants == Counter({"reference": 3, **{f"mutant {mutant.id}": 1 for mutant in NOTES_SUITE.mutants}})
    assert {name: count for name, count in counts.items() if name not in slots} == dict.fromkeys(NAMED, 1)
    assert all(counts[name] == 1 for name in slots)
    assert all(record.end >= record.start and record.grader_cpu >= 0 for record in recorder.stages)
    assert all(record.sandbox_cpu is None or record.sandbox_cpu >= 0 for record in recorder.stages)

    added: list[stages.StageRecord] = []
    monkeypatch.setattr(stages.StageRecorder, "add", lambda self, record: added.append(record))
    plain = grade_file(NOTES_SOLUTION, small_options())
    assert added == []
    assert plain.keys() == recorded.keys()
    assert {key: value for key, value in plain.items() if key != "duration_s"} == {
        key: value for key, value in recorded.items() if key != "duration_s"
    }
