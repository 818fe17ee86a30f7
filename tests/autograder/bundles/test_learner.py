"""The learner bundle: starter notebooks, the self-check and nothing an instructor keeps."""

import json
import os
import re
import tomllib
import zipfile

import nbformat
import pytest

from autograder.bundles.learner import build_release
from autograder.bundles.pins import pinned_requirements
from autograder.bundles.suite_toml import learner_suite_toml
from autograder.bundles.zipping import write_zip
from autograder.cli import main
from autograder.material.notebook import read_notebook, tagged_cells
from autograder.material.suite import DEFAULT_SOLUTIONS, DEFAULT_SUITES, known_exercises, load_suite
from autograder.paths import COURSE, PACKAGE_DIR

EXERCISES = sorted(e for e in known_exercises() if (COURSE.exercises / f"{e}.ipynb").is_file())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """One learner bundle built from the repository, and its zip."""
    folder = build_release(tmp_path_factory.mktemp("release") / "flask-testing-exercises")
    write_zip(folder, folder.with_name("bundle.zip"), root=folder.name)
    return folder


def bundle_files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def every_blob(bundle):
    """(name, bytes) of every file in the bundle folder and every member of its zip."""
    for path in bundle.rglob("*"):
        if path.is_file():
            yield path.as_posix(), path.read_bytes()
    with zipfile.ZipFile(bundle.with_name("bundle.zip")) as archive:
        for name in archive.namelist():
            yield f"zip:{name}", archive.read(name)


def shipped_texts():
    """What the bundle may legitimately contain: every exercise's public tests and starter cells
    (starters share helper code, such as the error envelope, with other exercises' solutions),
    and the self-check's code."""
    code = [
        path.read_text(encoding="utf-8")
        for package in ("runtime", "selfcheck")
        for path in (PACKAGE_DIR / package).glob("*.py")
    ]
    texts = []
    for shipped in EXERCISES:
        starter = nbformat.read(COURSE.exercises / f"{shipped}.ipynb", as_version=4)
        texts.append((DEFAULT_SUITES / shipped / "public_tests.py").read_text(encoding="utf-8"))
        texts.extend(cell.source for cell in starter.cells)
    return [*texts, *code]


def distinctive(text, shipped, min_length):
    """The lines of ``text`` long enough to be telling and not found in anything shipped."""
    lines = {line.strip() for line in text.splitlines()}
    return {line for line in lines if len(line) >= min_length and not any(line in s for s in shipped)}


def secrets_of(exercise):
    """Distinctive strings of the hidden tests, each mutant and each solution app cell."""
    shipped = shipped_texts()
    suite = load_suite(exercise)
    hidden = distinctive(suite.hidden_tests.read_text(encoding="utf-8"), shipped, 30)
    mutants = set()
    for mutant in suite.mutants:
        mutants |= {text for text in (mutant.id, mutant.description) if not any(text in s for s in shipped)}
        for _old, new in mutant.replacements:
            mutants |= distinctive(new, shipped, 12)
    solution = read_notebook(DEFAULT_SOLUTIONS / f"{exercise}.ipynb", exercise=exercise).notebook
    cells = [distinctive(source, shipped, 30) for _, source in tagged_cells(solution, "app")]
    return hidden, mutants, cells


def test_the_bundle_holds_exactly_the_learner_files(bundle):
    """README, requirements, cleared notebooks and course_check; nothing else."""
    files = bundle_files(bundle)
    expected_exercise_files = {f"exercises/{e}.ipynb" for e in EXERCISES} | {
        f"exercises/course_check/suites/{e}/{name}" for e in EXERCISES for name in ("public_tests.py", "suite.toml")
    }

    assert {
        "README.md",
        "requirements.txt",
        "exercises/course_check/__init__.py",
        "exercises/course_check/selfcheck/__init__.py",
        "exercises/course_check/runtime/harness.py",
    } <= set(files)
    assert expected_exercise_files <= set(files)
    others = [
        f
        for f in files
        if f not in expected_exercise_files
        and not f.startswith(("exercises/course_check/runtime/", "exercises/course_check/selfcheck/"))
    ]
    assert others == ["README.md", "exercises/course_check/__init__.py", "requirements.txt"]
    assert not [f for f in files if "__pycache__" in f or "hidden" in f or "mutant" in f or "solution" in f]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_nothing_hidden_is_in_any_byte_of_the_bundle_or_its_zip(bundle, exercise):
    """No line of the hidden tests, no mutant and no solution code appears, even JSON-escaped."""
    hidden, mutants, cells = secrets_of(exercise)
    assert len(hidden) >= 10, "too few distinctive hidden-test lines for this check to mean anything"
    assert len(mutants) >= len(load_suite(exercise).mutants)
    assert any(cells), "the solution's app cells have nothing that the starter lacks"
    needles = hidden | mutants | set().union(*cells)

    leaks = []
    for name, blob in every_blob(bundle):
        for needle in needles:
            for form in (needle, json.dumps(needle)[1:-1]):
                if form.encode("utf-8") in blob:
                    leaks.append(f"{name}: {needle!r}")
    assert not leaks, "hidden material in the bundle:\n" + "\n".join(sorted(set(leaks)))


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_learner_suite_toml_has_only_title_and_app_config(bundle, exercise):
    """Points per hidden test would name the hidden tests: only title and app_config ship."""
    suite = load_suite(exercise)
    shipped = tomllib.loads((bundle / f"exercises/course_check/suites/{exercise}/suite.toml").read_text("utf-8"))

    assert shipped == {"title": suite.title, "app_config": suite.app_config}


@pytest.mark.parametrize("exercise", EXERCISES)
def test_starter_notebooks_are_shipped_cleared_with_tags_and_metadata(bundle, exercise):
    """Outputs and execution counts are gone; tags and course.exercise stay for the grader."""
    original = nbformat.read(COURSE.exercises / f"{exercise}.ipynb", as_version=4)
    shipped = nbformat.read(bundle / f"exercises/{exercise}.ipynb", as_version=4)

    assert shipped.metadata["course"] == {"exercise": exercise}
    assert [c.source for c in shipped.cells] == [c.source for c in original.cells]
    assert [c.metadata.get("tags") for c in shipped.cells] == [c.metadata.get("tags") for c in original.cells]
    for cell in shipped.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_outputs_left_in_a_starter_are_cleared(tmp_path):
    """A starter saved with outputs by mistake is still shipped clean."""
    exercise = EXERCISES[0]
    starters = tmp_path / "starters"
    starters.mkdir()
    notebook = nbformat.read(COURSE.exercises / f"{exercise}.ipynb", as_version=4)
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="a secret printed by the instructor\n")]
    code.execution_count = 7
    nbformat.write(notebook, starters / f"{exercise}.ipynb")

    out = build_release(tmp_path / "bundle", exercises=[exercise], starters=starters)

    assert b"a secret printed by the instructor" not in (out / f"exercises/{exercise}.ipynb").read_bytes()


def test_requirements_are_the_courses_pinned_lines(bundle):
    """Every requirement of the bundle is a name==version line of the course's requirements file."""
    course = set(COURSE.requirements.read_text(encoding="utf-8").splitlines())
    lines = (bundle / "requirements.txt").read_text(encoding="utf-8").splitlines()

    assert lines and all("==" in line and line in course for line in lines)
    assert any(line.startswith("rich==") for line in lines), "the self-check prints with rich"


def test_a_package_without_a_pinned_version_is_refused(tmp_path):
    """A bundle must never install an unpinned package."""
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# pins\nFlask==3.1.3\npsycopg[binary]==3.3.9\nrequests\n", encoding="utf-8")

    assert pinned_requirements(["flask", "psycopg"], requirements) == "Flask==3.1.3\npsycopg[binary]==3.3.9\n"
    with pytest.raises(ValueError, match="pins no version of: requests"):
        pinned_requirements(["Flask", "requests"], requirements)


def test_learner_suite_toml_round_trips_awkward_values():
    """Quotes, backslashes, unicode, DEL, nested tables and lists survive the hand-written TOML."""
    settings = {
        "title": 'A "quoted" \\ title ✓\x7f',
        "app_config": {
            "UPLOAD_FOLDER": "{tmp}/uploads",
            "MAX": 1024,
            "RATIO": 0.5,
            "ON": True,
            "EXTS": ["png", "jpg"],
            "weird key": {"A": 1},
        },
    }

    assert tomllib.loads(learner_suite_toml(settings)) == settings


def test_learner_suite_toml_refuses_values_it_cannot_write():
    """A value TOML cannot hold here (None) fails the build instead of shipping something else."""
    with pytest.raises(ValueError, match="NoneType"):
        learner_suite_toml({"app_config": {"SERVER_NAME": None}})


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    """Old files in the output folder could end up in the bundle: building there is refused."""
    (tmp_path / "left-over.txt").write_text("from an older build", encoding="utf-8")

    with pytest.raises(FileExistsError, match="not empty"):
        build_release(tmp_path)


def test_the_zip_is_reproducible_and_mirrors_the_folder(bundle, tmp_path):
    """Two zips of the same bundle are byte-identical, with every file under the bundle's name."""
    first = write_zip(bundle, tmp_path / "first.zip", root="course")
    second = write_zip(bundle, tmp_path / "second.zip", root="course")

    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == [f"course/{name}" for name in bundle_files(bundle)]
        assert archive.read("course/README.md") == (bundle / "README.md").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("exercise", EXERCISES)
def test_check_runs_from_the_bundle_in_a_real_kernel(bundle, exercise, tmp_path):
    """In a kernel started in the bundle's exercises/ folder, the self-check cell works as shipped."""
    from nbclient import NotebookClient

    solution = read_notebook(DEFAULT_SOLUTIONS / f"{exercise}.ipynb", exercise=exercise).notebook
    starter = nbformat.read(bundle / f"exercises/{exercise}.ipynb", as_version=4)
    # The learner's finished notebook: the solution's app and tests cells, then the shipped self-check cell.
    cells = [c for c in solution.cells if {"app", "tests"} & set(c.metadata.get("tags", []))]
    cells += [c for c in starter.cells if "self-check" in c.metadata.get("tags", [])]
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=starter.metadata)

    # JupyterLab tells the kernel which notebook it runs; check() finds the exercise from that.
    session = {**os.environ, "JPY_SESSION_NAME": str(bundle / f"exercises/{exercise}.ipynb")}
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(bundle / "exercises")}}
    ).execute(env=session)

    output = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in notebook.cells[-1].outputs)
    assert f"Self-check: {load_suite(exercise).title}" in output, output
    assert re.search(r"Course tests: (\d+) of \1 passed\. Your tests: (\d+) of \2 passed\.", output), output


def test_release_command_builds_the_bundle_and_its_zip(tmp_path):
    """`python -m autograder release --out DIR --zip` writes DIR and DIR.zip, which unpacks to one named folder."""
    assert main(["release", "--out", str(tmp_path / "bundle"), "--exercise", EXERCISES[0], "--zip"]) == 0

    assert (tmp_path / "bundle" / "exercises" / f"{EXERCISES[0]}.ipynb").is_file()
    with zipfile.ZipFile(tmp_path / "bundle.zip") as archive:
        names = archive.namelist()
    assert f"flask-testing-course-exercises/exercises/{EXERCISES[0]}.ipynb" in names
    assert {name.split("/", 1)[0] for name in names} == {"flask-testing-course-exercises"}


def test_an_exercise_without_a_starter_is_refused_before_writing(tmp_path):
    """Asking for an exercise whose starter notebook is missing writes nothing and names it."""
    with pytest.raises(ValueError, match=r"no starter notebook .* for: no_such_exercise"):
        build_release(tmp_path / "bundle", exercises=[EXERCISES[0], "no_such_exercise"])

    assert not (tmp_path / "bundle").exists()
