"""Loading a suite: every inconsistency an instructor can write is one ``SuiteError`` naming its cause.

Each broken suite is a copy of the real ``shopping_cart`` suite and its solution notebook with one
thing changed, so that a test shows exactly one cause.
"""

from __future__ import annotations

import ast
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from autograder.bundles.suite_toml import learner_suite_toml
from autograder.material.notebook import read_notebook, tagged_source
from autograder.material.suite import (
    DEFAULT_SOLUTIONS,
    DEFAULT_SUITES,
    VISIBILITIES,
    SuiteError,
    known_exercises,
    load_suite,
)

EXERCISE = "shopping_cart"
DELETE = object()  # for ``SuiteCopy.rewrite``: drop the key from suite.toml


@dataclass
class SuiteCopy:
    """A copy of the real suite in ``suites`` and its solution notebook in ``solutions``."""

    suites: Path
    solutions: Path
    directory: Path = field(init=False)
    config: Path = field(init=False)
    mutants: Path = field(init=False)
    solution: Path = field(init=False)

    def __post_init__(self) -> None:
        self.directory = self.suites / EXERCISE
        self.config = self.directory / "suite.toml"
        self.mutants = self.directory / "mutants.py"
        self.solution = self.solutions / f"{EXERCISE}.ipynb"

    def load(self, exercise: str = EXERCISE):
        return load_suite(exercise, self.suites, self.solutions)

    def error(self, exercise: str = EXERCISE) -> str:
        """The message of the ``SuiteError`` that loading the copy raises."""
        with pytest.raises(SuiteError) as caught:
            self.load(exercise)
        return str(caught.value)

    def rewrite(self, **changes: Any) -> None:
        """Write suite.toml again with top-level keys set to new values (``DELETE`` drops one)."""
        config = tomllib.loads(self.config.read_text(encoding="utf-8"))
        for key, value in changes.items():
            if value is DELETE:
                del config[key]
            else:
                config[key] = value
        self.config.write_text(learner_suite_toml(config), encoding="utf-8")

    def append_to_mutants(self, code: str) -> None:
        with self.mutants.open("a", encoding="utf-8") as file:
            file.write(f"\n{code}\n")


@pytest.fixture
def copy(tmp_path) -> SuiteCopy:
    """A fresh copy of the real suite and its solution notebook, in ``tmp_path``."""
    suite = SuiteCopy(tmp_path / "suites", tmp_path / "solutions")
    shutil.copytree(DEFAULT_SUITES / EXERCISE, suite.directory, ignore=shutil.ignore_patterns("__pycache__"))
    suite.solutions.mkdir()
    shutil.copyfile(DEFAULT_SOLUTIONS / f"{EXERCISE}.ipynb", suite.solution)
    return suite


def real_config(exercise: str) -> dict[str, Any]:
    return tomllib.loads((DEFAULT_SUITES / exercise / "suite.toml").read_text(encoding="utf-8"))


def reference_source(exercise: str) -> str:
    return tagged_source(read_notebook(DEFAULT_SOLUTIONS / f"{exercise}.ipynb").notebook, "app")


def mutant_ids_written_in(path: Path) -> list[str]:
    """The ``id=`` of every ``Mutant(...)`` call in a mutants.py, read from its source."""
    return [
        str(keyword.value.value)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Mutant"
        for keyword in node.keywords
        if keyword.arg == "id" and isinstance(keyword.value, ast.Constant)
    ]


# --- suites that load ------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", sorted(known_exercises()))
def test_a_real_suite_loads_with_the_settings_of_its_files(exercise):
    """Every field of a loaded course suite comes from its suite.toml, mutants.py and solution notebook."""
    config = real_config(exercise)
    suite = load_suite(exercise)

    assert suite.exercise == exercise
    assert suite.directory == DEFAULT_SUITES / exercise
    assert suite.hidden_tests.is_file() and suite.public_tests.is_file()
    assert suite.title == config["title"]
    assert (suite.spec_points, suite.quality_points) == (config["spec_points"], config["quality_points"])
    assert suite.max_score == config["spec_points"] + config["quality_points"]
    assert suite.app_config == config.get("app_config", {})
    assert suite.fixtures == tuple(config.get("fixtures", []))
    assert suite.points == config.get("points", {})
    assert suite.visibility == config.get("gradescope", {}).get("visibility", "visible")
    assert suite.reference_source == reference_source(exercise)
    assert [mutant.id for mutant in suite.mutants] == mutant_ids_written_in(suite.directory / "mutants.py")
    assert set(suite.mutated_sources()) == {mutant.id for mutant in suite.mutants}


def test_the_copy_loads_as_the_original_with_the_same_digest(copy):
    """The copied suite the broken cases start from loads, and its digest is the original's."""
    assert copy.load().digest == load_suite(EXERCISE).digest


@pytest.mark.parametrize(
    "change",
    [
        lambda copy: copy.solution.write_bytes(copy.solution.read_bytes() + b"\n"),
        lambda copy: copy.config.write_text(copy.config.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"),
        lambda copy: (copy.directory / "helpers.py").write_text("", encoding="utf-8"),
        lambda copy: (copy.directory / "public_tests.py").rename(copy.directory / "public_tests_old.py"),
    ],
    ids=["solution edited", "suite file edited", "suite file added", "suite file renamed"],
)
def test_the_digest_changes_with_the_solution_and_every_suite_file(copy, change):
    """A cached grade is stale whenever the solution or any file of the suite (its name too) changes."""
    before = copy.load().digest

    change(copy)

    assert copy.load().digest != before


def test_the_digest_ignores_python_caches(copy):
    """Bytecode Python writes next to the suite's modules does not make every cached grade stale."""
    before = copy.load().digest
    (copy.directory / "__pycache__").mkdir()
    (copy.directory / "__pycache__" / "mutants.cpython-311.pyc").write_bytes(b"\0bytecode")

    assert copy.load().digest == before


def test_zero_and_fractional_points_are_accepted(copy):
    """Non-negative means zero too, and points need not be whole."""
    test = next(iter(real_config(EXERCISE)["points"]))
    copy.rewrite(quality_points=0, spec_points=82.5, points={test: 0.5})

    suite = copy.load()

    assert (suite.spec_points, suite.quality_points, suite.points) == (82.5, 0.0, {test: 0.5})


def test_a_suite_without_mutants_py_loads_with_no_mutants(copy):
    """mutants.py is optional to the loader: without it there are no planted bugs to catch."""
    copy.mutants.unlink()

    suite = copy.load()

    assert (suite.mutants, suite.mutated_sources()) == ((), {})


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_each_gradescope_visibility_is_accepted(copy, visibility):
    """Any of Gradescope's four settings in a [gradescope] table reaches the loaded suite."""
    copy.rewrite(gradescope={"visibility": visibility})

    assert copy.load().visibility == visibility


def test_known_exercises_are_the_folders_with_a_suite_toml(copy):
    """A folder without suite.toml is not an exercise, and a missing suites folder has none."""
    (copy.suites / "draft").mkdir()
    (copy.suites / "draft" / "hidden_tests.py").write_text("", encoding="utf-8")

    assert known_exercises(copy.suites) == {EXERCISE}
    assert known_exercises(copy.suites / "missing") == set()


# --- suite.toml and the suite folder ---------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise", "break_it", "reason"),
    [
        ("shoping_cart", lambda copy: None, "[Errno 2] No such file or directory: '{suites}/shoping_cart/suite.toml'"),
        (EXERCISE, lambda copy: copy.config.unlink(), "[Errno 2] No such file or directory: '{config}'"),
        (EXERCISE, lambda copy: copy.config.unlink() or copy.config.mkdir(), "[Errno 21] Is a directory: '{config}'"),
    ],
    ids=["unknown exercise", "suite.toml deleted", "suite.toml is a folder"],
)
def test_a_suite_toml_that_cannot_be_read_is_no_suite(copy, exercise, break_it, reason):
    """Without a readable suite.toml the exercise has no suite, and the message says why."""
    break_it(copy)

    assert copy.error(exercise) == (
        f"no suite for exercise {exercise!r}: " + reason.format(suites=copy.suites, config=copy.config)
    )


def test_invalid_toml_names_the_file_line_and_column(copy):
    """A TOML syntax error is reported with tomllib's own position in the file."""
    text = copy.config.read_text(encoding="utf-8")
    title_line = text.splitlines()[0]
    assert title_line.startswith("title = ") and title_line.endswith('"')
    copy.config.write_text(text.replace(title_line, title_line[:-1], 1), encoding="utf-8")

    assert copy.error() == f"{copy.config}: Illegal character '\\n' (at line 1, column {len(title_line)})"


def test_a_suite_toml_that_is_not_utf8_is_refused_not_a_crash(copy):
    """A suite.toml saved in Latin-1 is a SuiteError naming the file and the bad byte."""
    broken = copy.config.read_bytes().replace(b'"\n', b' caf\xe9"\n', 1)
    copy.config.write_bytes(broken)
    position = broken.index(b"\xe9")

    assert copy.error() == (
        f"{copy.config}: 'utf-8' codec can't decode byte 0xe9 in position {position}: invalid continuation byte"
    )


@pytest.mark.parametrize(
    "break_it",
    [
        lambda hidden: hidden.unlink(),
        lambda hidden: hidden.unlink() or hidden.mkdir(),
    ],
    ids=["deleted", "a folder"],
)
def test_a_suite_without_hidden_tests_is_refused(copy, break_it):
    """hidden_tests.py is what the grader runs: without it there is nothing to grade with."""
    break_it(copy.directory / "hidden_tests.py")

    assert copy.error() == f"{copy.directory}: hidden_tests.py is missing"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"app_config": "DEBUG"}, "app_config and points must be tables"),
        ({"points": ["test_totals_are_exact_integer_cents"]}, "app_config and points must be tables"),
        ({"fixtures": "outbox"}, "fixtures must be a list of names"),
        ({"fixtures": ["outbox", 1]}, "fixtures must be a list of names"),
        ({"gradescope": "hidden"}, "gradescope must be a table"),
        (
            {"gradescope": {"visibility": "after_due"}},
            "gradescope.visibility is 'after_due'; use one of visible, after_due_date, after_published, hidden",
        ),
        (
            {"gradescope": {"visibility": 1}},
            "gradescope.visibility is 1; use one of visible, after_due_date, after_published, hidden",
        ),
    ],
    ids=[
        "app_config a string",
        "points a list",
        "fixtures a string",
        "fixtures not all names",
        "gradescope a string",
        "visibility misspelt",
        "visibility a number",
    ],
)
def test_a_setting_of_the_wrong_shape_is_refused(copy, changes, problem):
    """A table, list or choice written as something else is named in the message."""
    copy.rewrite(**changes)

    assert copy.error() == f"{copy.config}: {problem}"


@pytest.mark.parametrize("key", ["spec_points", "quality_points"])
@pytest.mark.parametrize("value", [DELETE, -1, "70", True], ids=["missing", "negative", "a string", "a boolean"])
def test_the_points_of_each_part_must_be_a_non_negative_number(copy, key, value):
    """spec_points and quality_points are required numbers of zero or more."""
    copy.rewrite(**{key: value})

    assert copy.error() == f"{copy.config}: {key} must be a non-negative number"


@pytest.mark.parametrize("value", [-2, "2", True, {"points": 2}], ids=["negative", "a string", "a boolean", "a table"])
def test_a_hidden_tests_points_must_be_a_non_negative_number(copy, value):
    """A points entry that is not a number is refused by name instead of crashing or counting as 1."""
    points = real_config(EXERCISE)["points"]
    test = next(iter(points))
    copy.rewrite(points={**points, test: value})

    assert copy.error() == f"{copy.config}: points.{test} must be a non-negative number"


# --- the solution notebook -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("break_it", "reason"),
    [
        (lambda solution: solution.unlink(), "cannot read the file: No such file or directory"),
        (lambda solution: solution.write_text("{}", encoding="utf-8"), "the file is JSON but not a Jupyter notebook"),
        (
            lambda solution: shutil.copyfile(DEFAULT_SOLUTIONS / "registration.ipynb", solution),
            "this notebook is for exercise 'registration', not 'shopping_cart'",
        ),
    ],
    ids=["missing", "not a notebook", "another exercise's"],
)
def test_an_unusable_reference_notebook_is_named_with_the_reason(copy, break_it, reason):
    """The reference solution is checked as a submission is, and the message names the notebook."""
    break_it(copy.solution)

    assert copy.error() == f"reference notebook {copy.solution}: {reason}"


# --- mutants.py ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "del MUTANTS",
        "MUTANTS = {mutant.id: mutant for mutant in MUTANTS}",
        "MUTANTS.append(('typo_id', 'a description', [('old', 'new')]))",
    ],
    ids=["no MUTANTS", "a dict", "a tuple among the mutants"],
)
def test_mutants_must_be_a_list_of_mutants(copy, code):
    """MUTANTS must exist and hold only Mutant objects."""
    copy.append_to_mutants(code)

    assert copy.error() == f"{copy.mutants}: MUTANTS must be a list of autograder.material.mutants.Mutant"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            "MUTANTS.append(Mutant(id='two words', description='d', replacements=[('a', 'b')]))",
            "ValueError: mutant id 'two words' must be a non-empty identifier",
        ),
        (
            "MUTANTS.append(Mutant(id='same', description='d', replacements=[('a', 'a')]))",
            "ValueError: mutant 'same' replaces 'a' with itself",
        ),
        (
            "MUTANTS.append(Mutnt(id='typo', description='d', replacements=[('a', 'b')]))",
            "NameError: name 'Mutnt' is not defined",
        ),
    ],
    ids=["id not an identifier", "replacement changes nothing", "a typo"],
)
def test_a_mutants_module_that_fails_to_run_is_refused_not_a_crash(copy, code, reason):
    """An exception while mutants.py runs becomes a SuiteError naming the file and the exception."""
    copy.append_to_mutants(code)

    assert copy.error() == f"{copy.mutants}: {reason}"


def test_a_mutant_whose_old_text_is_not_in_the_reference_is_refused(copy):
    """A mutant that no longer matches the solution would silently plant nothing."""
    copy.append_to_mutants("MUTANTS.append(Mutant(id='ghost', description='d', replacements=[('no such code', 'x')]))")

    assert copy.error() == (
        f"{copy.mutants}: mutant 'ghost': old text 'no such code' not found in the "
        "reference source (it must occur exactly once)"
    )


def test_a_mutant_whose_old_text_occurs_twice_is_refused_with_the_count(copy):
    """An old text found more than once in the solution is ambiguous, and the count is given."""
    count = reference_source(EXERCISE).count("return ")
    assert count > 1
    copy.append_to_mutants(
        "MUTANTS.append(Mutant(id='vague', description='d', replacements=[('return ', 'return 0 or ')]))"
    )

    assert copy.error() == (
        f"{copy.mutants}: mutant 'vague': old text 'return ' found {count} times in the "
        "reference source (it must occur exactly once)"
    )


def test_two_mutants_with_one_id_are_refused(copy):
    """Feedback names missed bugs by id, so an id may be used only once."""
    first = mutant_ids_written_in(copy.mutants)[0]
    copy.append_to_mutants("MUTANTS.append(MUTANTS[0])")

    assert copy.error() == f"{copy.mutants}: mutant id {first!r} is used twice"


# --- fixtures: exactly the course fixtures besides client that the tests use ----------------------


@pytest.mark.parametrize(
    ("fixtures", "problem"),
    [
        (["tmp_path"], "fixtures has 'tmp_path'; it names only the ones of make_client, outbox the tests use"),
        (["client"], "fixtures has 'client'; it names only the ones of make_client, outbox the tests use"),
        (["outbox"], "fixtures lists outbox, which no test uses"),
    ],
    ids=["not a course fixture", "client, which is always there", "one no test uses"],
)
def test_a_fixtures_list_that_says_something_untrue_is_refused(copy, fixtures, problem):
    """fixtures may name only make_client and outbox, and only those the tests use."""
    copy.rewrite(fixtures=fixtures)

    assert copy.error().startswith(f"{copy.config}: {problem}")


@pytest.mark.parametrize("module", ["hidden_tests.py", "public_tests.py"])
def test_a_fixture_the_tests_use_unlisted_is_refused(copy, module):
    """A hidden or public test asking for make_client while fixtures is empty is named."""
    with (copy.directory / module).open("a", encoding="utf-8") as tests:
        tests.write('\n\ndef test_another_app(make_client):\n    """Uses a second app."""\n')

    assert copy.error() == f"{copy.config}: the tests use make_client, which fixtures does not list"


def test_a_fixture_used_by_a_helper_fixture_counts(copy):
    """A suite's own fixture that takes outbox makes outbox used, so listing it loads."""
    with (copy.directory / "hidden_tests.py").open("a", encoding="utf-8") as tests:
        tests.write('\n\n@pytest.fixture\ndef mails(outbox):\n    """The mails."""\n    return outbox\n')
    copy.rewrite(fixtures=["outbox"])

    assert copy.load().fixtures == ("outbox",)


# --- the digest: everything that decides a grade ------------------------------------------------


def test_the_grader_modules_the_hidden_tests_import_are_part_of_the_digest(copy, tmp_path, monkeypatch):
    """Editing the shared error checks changes every suite's digest, so cached grades are not reused."""
    from autograder.material import suite as suite_module

    shared = suite_module.PACKAGE_DIR / "material" / "api_errors.py"
    assert shared in suite_module.grader_modules_imported(copy.directory)
    before = copy.load().digest

    edited = tmp_path / "package"
    shutil.copytree(suite_module.PACKAGE_DIR / "material", edited / "material")
    with (edited / "material" / "api_errors.py").open("a", encoding="utf-8") as module:
        module.write("\n# a changed check\n")
    monkeypatch.setattr(suite_module, "PACKAGE_DIR", edited)

    assert copy.load().digest != before
