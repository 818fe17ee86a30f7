"""The ``/// quiz`` block: questions written in Markdown, rendered as plain HTML forms.

A quiz is one question::

    /// quiz | Which fixture scope gives every test its own object?
        id: fixtures-scope

    - [x] `function` :: Each test gets a fresh object, so nothing leaks between tests.
    - [ ] `session` :: One object is shared by every test in the run.
    ///

The indented lines under the opening line are YAML options:

``id``
    Required. Lowercase words joined by hyphens, unique across the site: the
    learner's progress is stored under it.
``type``
    ``single`` (the default: radio buttons, exactly one ``[x]``) or
    ``multiple`` (checkboxes, one or more ``[x]``).
``predict``
    Makes it a "predict the outcome" question about a pytest module: the path of
    that module, relative to the folder the build runs in. The options are then
    the outcomes ``passes``, ``fails`` and ``errors``; ``tests/site/test_predict.py``
    runs the module and checks that the ``[x]`` option is what really happens.

Options are shown in an order fixed when the site is built, so that the correct
answer is not always first. For a quiz that is not a ``predict:`` question the order
comes from the SHA-256 digest of its id, read as an integer ``seed``: the options are
shuffled with ``random.Random(seed)``, then rotated so that the first correct option
shown lands at position ``seed % n`` (``n`` options, counting from 0). A plain shuffle
of two or three options puts the key first too often on a small course; the rotation
spreads the keys evenly over the positions while the shuffle still mixes the other
options. The order depends only on the id, so it is the same on every build and in
every browser. Each input keeps its authoring number (1 for the first option written)
as its ``value`` and in its ``id``, so stored answers and explanations stay tied to
their option whatever the order. ``predict:`` questions keep the order written, which
is the order of ``passes``, ``fails``, ``errors``.

Anything written before the option list (a sentence, a snippet-included code block)
is shown under the question. Every option needs an explanation after `` :: ``; it is
in the HTML from the start and revealed once the question is answered.

Authoring mistakes raise :class:`QuizError`, which stops the build with a message
naming the page and the quiz.
"""

from __future__ import annotations

import hashlib
import random
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, NoReturn

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block, type_any

try:
    # MkDocs reports a BuildError as a one-line message instead of a traceback.
    from mkdocs.exceptions import BuildError as _BuildError
except ImportError:  # pragma: no cover - rendering with Python-Markdown alone
    _BuildError = Exception  # type: ignore[assignment,misc]

QUIZ_TYPES = ("single", "multiple")
OUTCOMES = ("passes", "fails", "errors")

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_OPTION = re.compile(r"\[(?P<mark>[ xX])\]\s+(?P<rest>.*)", re.DOTALL)
_SEPARATOR = re.compile(r"\s+::\s+")
_UNPARSED_START = re.compile(r"(?m)^ {0,3}/{3,} *quiz\b")


class QuizError(_BuildError):
    """A quiz is written wrongly; the message names the page and the quiz."""


@dataclass(frozen=True)
class Option:
    label: str
    explanation: str
    correct: bool


@dataclass(frozen=True)
class Quiz:
    id: str
    question: str
    type: str
    options: tuple[Option, ...]
    page: str | None = None
    predict: str | None = None
    #: Positions in ``options`` in the order the page shows them (see :func:`display_order`).
    order: tuple[int, ...] = ()

    @property
    def answer(self) -> tuple[str, ...]:
        """Labels of the options marked correct."""
        return tuple(option.label for option in self.options if option.correct)


def display_order(quiz_id: str, correct: tuple[bool, ...], predict: bool = False) -> tuple[int, ...]:
    """The order a quiz shows its options in, as positions (from 0) in the authoring order.

    ``correct`` says, per option in authoring order, whether it is marked ``[x]``.
    See the module docstring for the rule; ``predict`` questions keep their order.
    """
    count = len(correct)
    if predict or count < 2:
        return tuple(range(count))
    seed = int.from_bytes(hashlib.sha256(quiz_id.encode("utf-8")).digest(), "big")
    order = list(range(count))
    random.Random(seed).shuffle(order)
    first_correct = next((place for place, index in enumerate(order) if correct[index]), 0)
    shift = (first_correct - seed % count) % count
    return tuple(order[shift:] + order[:shift])


class _SiteQuizIds:
    """Quiz ids claimed so far in one MkDocs build, to catch one id used on two pages.

    MkDocs builds a fresh Markdown instance for every page, so the record lives
    here; it starts again whenever a new build (a new ``Files`` collection) begins.
    """

    def __init__(self) -> None:
        self._build: object | None = None
        self._pages: dict[str, str] = {}

    def claim(self, build: object, quiz_id: str, page: str) -> str | None:
        """Record that ``page`` uses ``quiz_id``; return another page that already does."""
        if build is not self._build:
            self._build, self._pages = build, {}
        owner = self._pages.setdefault(quiz_id, page)
        return None if owner == page else owner


_site_quiz_ids = _SiteQuizIds()


def _mkdocs_page(md: Markdown) -> tuple[str | None, object | None]:
    """The page MkDocs is rendering and its build's file collection, or ``(None, None)``.

    MkDocs gives extensions no page; it does attach its link-rewriting processor,
    which knows both, to every page's Markdown instance before converting it.
    """
    if "relpath" not in md.treeprocessors:
        return None, None
    relpath = md.treeprocessors["relpath"]
    page = getattr(getattr(relpath, "file", None), "src_uri", None)
    return page, getattr(relpath, "files", None)


def _where(md: Markdown, quiz: str) -> str:
    page, _ = _mkdocs_page(md)
    return f"{page}: quiz {quiz}" if page else f"quiz {quiz}"


def _option_text(item: etree.Element) -> tuple[str, list[etree.Element]]:
    """The Markdown source of a list item's first line, and any blocks under it."""
    if item.text and item.text.strip():
        return item.text.strip(), list(item)
    # A loose list (blank lines between items) wraps each item in paragraphs.
    if len(item) and item[0].tag == "p" and not len(item[0]):
        return (item[0].text or "").strip(), list(item)[1:]
    return "", list(item)


class QuizBlock(Block):
    """Turns a ``/// quiz`` block into ``<form class="quiz">``."""

    NAME = "quiz"
    ARGUMENT = None
    # Accept any value here and check it in on_validate: a failing option parser
    # would make pymdownx silently print the block as text.
    OPTIONS: ClassVar[dict[str, tuple[str, Callable[[Any], Any]]]] = {
        "id": ("", type_any),
        "type": ("single", type_any),
        "predict": ("", type_any),
    }

    def on_markdown(self) -> str:
        return "block"

    def on_validate(self, parent: etree.Element) -> bool:
        quiz_id = self.options["id"]
        self.question = (self.argument or "").strip()
        if not isinstance(quiz_id, str) or not _ID.fullmatch(quiz_id):
            self.fail(
                f"the `id:` option must be lowercase words joined by hyphens, got {quiz_id!r}",
                quiz=repr(self.question),
            )
        self.quiz_id = quiz_id
        if not self.question:
            self.fail("needs a question on its first line: `/// quiz | Your question?`")
        if self.options["type"] not in QUIZ_TYPES:
            self.fail(f"`type:` must be one of {', '.join(QUIZ_TYPES)}, got {self.options['type']!r}")
        predict = self.options["predict"]
        if predict:
            self._check_predict_file(predict)
        return True

    def _check_predict_file(self, predict: Any) -> None:
        if self.options["type"] != "single":
            self.fail("a `predict:` question has exactly one outcome, so it must be `type: single`")
        base = Path(self.config["extension"].getConfig("base_path"))
        if not isinstance(predict, str) or not predict.endswith(".py") or not (base / predict).is_file():
            self.fail(f"`predict:` must name an existing pytest module, relative to {base.resolve()}; got {predict!r}")

    def fail(self, problem: str, quiz: str | None = None) -> NoReturn:
        raise QuizError(f"{_where(self.md, quiz or repr(self.quiz_id))} {problem}")

    def on_create(self, parent: etree.Element) -> etree.Element:
        form = etree.SubElement(
            parent,
            "form",
            {
                "class": "quiz",
                "id": f"quiz-{self.quiz_id}",
                "data-quiz-id": self.quiz_id,
                "data-quiz-type": self.options["type"],
            },
        )
        if self.options["predict"]:
            form.set("data-predict", self.options["predict"])
        self.fieldset = etree.SubElement(form, "fieldset")
        legend = etree.SubElement(self.fieldset, "legend")
        legend.text = self.question
        return form

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.fieldset

    def on_end(self, block: etree.Element) -> None:
        options = self._take_options()
        self._check_answers(options)
        self._claim_id()
        order = display_order(
            self.quiz_id, tuple(option.correct for option, _ in options), predict=bool(self.options["predict"])
        )
        self._render_options(options, order)
        self._render_controls(block)
        page, _ = _mkdocs_page(self.md)
        self.config["extension"].quizzes.append(
            Quiz(
                id=self.quiz_id,
                question=self.question,
                type=self.options["type"],
                options=tuple(option for option, _ in options),
                page=page,
                predict=self.options["predict"] or None,
                order=order,
            )
        )

    def _take_options(self) -> list[tuple[Option, list[etree.Element]]]:
        """Remove the option list that ends the quiz and parse its items."""
        last = self.fieldset[-1] if len(self.fieldset) > 1 else None
        if last is None or last.tag != "ul":
            self.fail("must end with a list of options: `- [x] answer :: why` or `- [ ] answer :: why`")
        self.fieldset.remove(last)
        options = []
        for item in last:
            text, blocks = _option_text(item)
            match = _OPTION.fullmatch(text)
            if not match:
                self.fail(f"has an option that does not start with `[x]` or `[ ]`: {text!r}")
            parts = _SEPARATOR.split(match["rest"].strip(), maxsplit=1)
            if len(parts) < 2 or not parts[1].strip():
                self.fail(f"has an option without an explanation after ` :: `: {parts[0]!r}")
            option = Option(label=parts[0], explanation=parts[1].strip(), correct=match["mark"] != " ")
            options.append((option, blocks))
        return options

    def _check_answers(self, options: list[tuple[Option, list[etree.Element]]]) -> None:
        if len(options) < 2:
            self.fail("needs at least two options")
        correct = sum(option.correct for option, _ in options)
        if correct == 0:
            self.fail("has no correct option: mark at least one with `[x]`")
        if self.options["type"] == "single" and correct > 1:
            self.fail(f"is `type: single` but marks {correct} options `[x]`; mark one or use `type: multiple`")
        if self.options["predict"]:
            labels = [option.label for option, _ in options]
            if any(label not in OUTCOMES for label in labels) or len(set(labels)) != len(labels):
                self.fail(
                    f"is a `predict:` question, so its options must be some of {', '.join(OUTCOMES)}; got {labels}"
                )

    def _claim_id(self) -> None:
        ids_on_page = self.tracker.setdefault("ids", set())
        if self.quiz_id in ids_on_page:
            self.fail("appears twice on this page: quiz ids must be unique")
        ids_on_page.add(self.quiz_id)
        page, build = _mkdocs_page(self.md)
        if page and build is not None:
            other = _site_quiz_ids.claim(build, self.quiz_id, page)
            if other:
                self.fail(f"is also used on {other}: quiz ids must be unique across the site")

    def _render_options(self, options: list[tuple[Option, list[etree.Element]]], order: tuple[int, ...]) -> None:
        choices = etree.SubElement(self.fieldset, "div", {"class": "quiz-options"})
        input_type = "radio" if self.options["type"] == "single" else "checkbox"
        for index in order:
            # The authoring number, not the place shown: stored answers refer to it.
            number = index + 1
            option, blocks = options[index]
            input_id = f"quiz-{self.quiz_id}-{number}"
            choice = etree.SubElement(choices, "div", {"class": "quiz-option"})
            if option.correct:
                choice.set("data-correct", "")
            etree.SubElement(
                choice,
                "input",
                {"type": input_type, "name": f"quiz-{self.quiz_id}", "id": input_id, "value": str(number)},
            )
            label = etree.SubElement(choice, "label", {"for": input_id})
            label.text = option.label
            why = etree.SubElement(choice, "div", {"class": "quiz-why", "id": f"{input_id}-why"})
            paragraph = etree.SubElement(why, "p")
            verdict = etree.SubElement(paragraph, "strong", {"class": "quiz-verdict"})
            verdict.text = "Correct." if option.correct else "Incorrect."
            verdict.tail = " " + option.explanation
            why.extend(blocks)

    def _render_controls(self, form: etree.Element) -> None:
        # Without JavaScript this reveals every explanation (see course.css);
        # the script hides it and checks answers instead.
        reveal = etree.SubElement(form, "details", {"class": "quiz-reveal"})
        etree.SubElement(reveal, "summary").text = "Show answers"
        etree.SubElement(reveal, "p").text = "Each option's explanation now appears under it."
        actions = etree.SubElement(form, "div", {"class": "quiz-actions"})
        # Hidden until the script that makes them work has loaded.
        etree.SubElement(
            actions, "button", {"type": "submit", "class": "md-button md-button--primary", "hidden": "hidden"}
        ).text = "Check answer"
        etree.SubElement(
            actions, "button", {"type": "button", "class": "md-button quiz-retry", "hidden": "hidden"}
        ).text = "Try again"
        etree.SubElement(form, "p", {"class": "quiz-result", "role": "status", "aria-live": "polite"})


class _UnparsedQuizCheck(Treeprocessor):
    """Fail when a ``/// quiz`` line reached the page as text.

    pymdownx.blocks prints a block whose options are not valid YAML, or name an
    unknown option, as a plain paragraph instead of reporting it.
    """

    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            if paragraph.text and _UNPARSED_START.search(paragraph.text):
                page, _ = _mkdocs_page(self.md)
                raise QuizError(
                    f"{page + ': ' if page else ''}a `/// quiz` block was not recognised: its options must be"
                    f" indented YAML using only {', '.join(QuizBlock.OPTIONS)}. Text: {paragraph.text[:80]!r}"
                )


class QuizExtension(BlocksExtension):
    """Registers the ``/// quiz`` block; ``quizzes`` lists those found in the last conversion."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "base_path": [".", "Folder that `predict:` paths are relative to; builds run from the repository root."],
        }
        self.quizzes: list[Quiz] = []
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        md.registerExtension(self)
        block_mgr.register(QuizBlock, {"extension": self})
        # Before the inline processor (priority 20), while paragraphs still hold their source.
        md.treeprocessors.register(_UnparsedQuizCheck(md), "quiz_unparsed_check", 25)

    def reset(self) -> None:
        self.quizzes.clear()


def makeExtension(**kwargs: Any) -> QuizExtension:
    return QuizExtension(**kwargs)
