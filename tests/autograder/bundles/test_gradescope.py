"""The Gradescope bundle: results.json in Gradescope's schema, the runner, the zip and its scripts."""

import json
import math
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.bundles.gradescope import build_gradescope_zip
from autograder.bundles.gradescope.results import QUALITY_TEST_NAME, error_results, to_gradescope
from autograder.bundles.gradescope.run import GRADER_FAILED, NoNotebook, choose_notebook, main
from autograder.bundles.learner import build_release
from autograder.cli import main as cli_main
from autograder.material.suite import DEFAULT_SOLUTIONS, SuiteError, load_suite
from autograder.outputs.text import output_cut_note
from autograder.result import apportion, score_parts
from tests.autograder.builders import SOLUTIONS as FIXTURE_SOLUTIONS
from tests.autograder.builders import SUITES

EXERCISES = sorted(p.stem for p in DEFAULT_SOLUTIONS.glob("*.ipynb"))
TOP_LEVEL_KEYS = {
    "score",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "visibility",
    "stdout_visibility",
    "tests",
}
TEST_KEYS = {"name", "score", "max_score", "status", "output", "visibility"}


def test_results_follow_gradescopes_schema_and_add_up_to_the_score(make_result):
    """Each hidden test is worth its share of spec_points; the tests part carries the rest."""
    results = to_gradescope(make_result())

    assert TOP_LEVEL_KEYS <= results.keys()
    assert results["score"] == 32.5
    assert results["stdout_visibility"] == "hidden"
    assert all(test.keys() == TEST_KEYS for test in results["tests"])
    assert [(t["score"], t["max_score"], t["status"]) for t in results["tests"]] == [
        (17.5, 17.5, "passed"),
        (0, 35, "failed"),
        (0, 17.5, "failed"),
        (15, 30, "failed"),
    ]
    assert sum(test["score"] for test in results["tests"]) == pytest.approx(results["score"])
    assert json.loads(json.dumps(results)) == results


def test_many_small_shares_add_up_exactly_to_the_score_and_the_maximum(make_result):
    """67 one-point tests scaled to 70 points: rounded by largest remainder, nothing is lost in cents."""
    tests = [
        {
            "name": f"test_{index}",
            "description": f"check {index}",
            "outcome": "passed" if index < 40 else "failed",
            "points": 1.0 if index < 40 else 0.0,
            "max_points": 1.0,
            "message": "",
        }
        for index in range(67)
    ]
    results = to_gradescope(
        make_result(tests=tests, **score_parts(70 * 40 / 67, 15, spec_points=70, quality_points=30))
    )

    assert round(sum(test["score"] for test in results["tests"]) * 100) == round(results["score"] * 100) == 5679
    assert round(sum(test["max_score"] for test in results["tests"]) * 100) == 10000
    assert {test["score"] for test in results["tests"][:40]} <= {1.04, 1.05}
    assert all(math.copysign(1, test["score"]) == 1 for test in results["tests"])  # no -0.0


@pytest.mark.parametrize(
    ("shares", "total", "expected"),
    [
        ([1 / 3, 1 / 3, 1 / 3], 1.0, [0.34, 0.33, 0.33]),
        ([0.125, 0.125], 0.25, [0.13, 0.12]),
        ([0.0, -0.0, 0.004], 0.0, [0.0, 0.0, 0.0]),
        ([10.006, 0.006], 10.01, [10.01, 0.0]),
    ],
    ids=["thirds-earliest-wins-the-tie", "halves", "zeros-stay-positive", "total-rounded-below-the-sum"],
)
def test_apportion_gives_cents_that_add_up(shares, total, expected):
    """The largest-remainder split adds up to the total in cents and keeps every share at or above zero."""
    parts = apportion(shares, total)
    assert parts == expected
    assert all(math.copysign(1, part) == 1 for part in parts)


def test_test_names_are_the_learner_facing_descriptions(make_result):
    """Learners see what a check checks, never the hidden test's function name."""
    results = to_gradescope(make_result())

    names = [test["name"] for test in results["tests"]]
    assert names == [
        "Adding an unknown product answers 404",
        "Checkout with too little stock answers 409",
        "The cart total multiplies price by quantity",
        QUALITY_TEST_NAME,
    ]
    assert "test_checkout_with_too_little_stock_is_refused" not in json.dumps(results)


def test_the_quality_test_names_the_bugs_the_learners_tests_missed(make_result):
    """The learner-tests entry says how many planted bugs were caught and lists the missed ones."""
    quality = to_gradescope(make_result())["tests"][-1]

    assert "the 5 of your tests that pass on a correct app caught 1" in quality["output"]
    assert "Bugs your tests missed:\n  - the total ignores quantities" in quality["output"]


def test_catching_every_planted_bug_passes_the_quality_test(make_result):
    """All mutants caught: the tests part is worth all its points and is marked passed."""
    result = make_result(
        score=47.5, parts={"spec": {"score": 17.5, "max_score": 70}, "quality": {"score": 30, "max_score": 30}}
    )
    for mutant in result["mutants"]:
        mutant["caught"] = True

    quality = to_gradescope(result)["tests"][-1]

    assert (quality["score"], quality["status"]) == (30, "passed")


def test_tests_failing_on_the_reference_are_explained(make_result):
    """No quality points, and the reason, when the learner's tests fail on a correct app."""
    result = make_result(
        **score_parts(17.5, 0, spec_points=70, quality_points=30),
        learner_tests={
            "passed_on_reference": False,
            "count": 2,
            "kept": 0,
            "message": "none of your 2 tests passed on the correct app",
            "left_out": [{"name": "test_add", "message": "failed on the correct app: assert 200 == 201"}],
        },
    )

    quality = to_gradescope(result)["tests"][-1]

    assert quality["score"] == 0
    assert "None of your tests passed on a correct app" in quality["output"]
    assert (
        "Left out (did not pass on a correct app): test_add: failed on the correct app: assert 200 == 201"
        in quality["output"]
    )


def test_failed_cells_and_a_partial_run_are_in_the_summary(make_result):
    """The submission's output lists the cells that raised and why the app was not fully tested."""
    result = make_result(
        reason="the kernel stopped while the notebook ran",
        cells=[{"index": 4, "error": "NameError: name 'db' is not defined"}],
    )

    output = to_gradescope(result)["output"]

    assert "You passed 1 of 3 checks of your app." in output
    assert "Your app could not be fully tested: the kernel stopped" in output
    assert "cell 5: NameError: name 'db' is not defined" in output


def test_cut_output_is_noted_in_the_summary_as_on_the_feedback_page(make_result):
    """The same sentence as the feedback page names the cells whose output the grader cut."""
    result = make_result(output_cut={"cells": [2], "per_cell_bytes": 64 * 1024, "per_notebook_bytes": 1024 * 1024})

    output = to_gradescope(result)["output"]

    assert output_cut_note(result) in output
    assert "output of cell 3 (counted from 1)" in output


def test_an_error_result_scores_zero_and_says_why(make_result):
    """A notebook the grader could not read gets 0 and the grader's reason."""
    result = make_result(status="error", reason="the file is not valid JSON", score=0.0, tests=[], mutants=[])

    results = to_gradescope(result)

    assert results["score"] == 0 and results["tests"] == []
    assert results["output"] == "Your notebook could not be graded: the file is not valid JSON"


def test_error_results_are_valid_results_json():
    """The fallback results have every top-level key Gradescope reads."""
    assert TOP_LEVEL_KEYS <= error_results("no notebook").keys()


def test_the_notebook_named_after_the_exercise_is_chosen(tmp_path):
    """Among several uploads, <exercise>.ipynb is the one graded."""
    for name in ("scratch.ipynb", "shopping_cart.ipynb", "notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")

    assert choose_notebook(tmp_path, "shopping_cart") == tmp_path / "shopping_cart.ipynb"


def test_a_single_notebook_is_graded_whatever_its_name(tmp_path):
    """A learner who renamed the notebook is still graded."""
    (tmp_path / "my work (final).ipynb").write_text("{}", encoding="utf-8")

    assert choose_notebook(tmp_path, "shopping_cart") == tmp_path / "my work (final).ipynb"


@pytest.mark.parametrize(
    ("uploads", "message"),
    [
        ([], "No notebook was uploaded: upload your shopping_cart.ipynb file."),
        (["a.ipynb", "b.ipynb"], "Several notebooks were uploaded (a.ipynb, b.ipynb)"),
    ],
)
def test_no_or_ambiguous_uploads_are_explained(tmp_path, uploads, message):
    """The learner is told what to upload instead of getting a crash."""
    for name in uploads:
        (tmp_path / name).write_text("{}", encoding="utf-8")

    with pytest.raises(NoNotebook) as raised:
        choose_notebook(tmp_path, "shopping_cart")
    assert str(raised.value).startswith(message)


def run_main(tmp_path, grader):
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    (work / "shopping_cart.ipynb").write_text("{}", encoding="utf-8")
    assert main(["--exercise", "shopping_cart", "--work", str(work), "--root", str(tmp_path)], grader=grader) == 0
    return json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8"))


def test_a_grader_crash_still_writes_results_without_the_traceback(tmp_path, capsys):
    """The learner gets 0 and a sentence; the traceback goes to the instructor's log only."""

    def crash(_notebook, _exercise):
        raise RuntimeError("secret detail of the grader")

    results = run_main(tmp_path, crash)

    assert results["score"] == 0 and results["output"] == GRADER_FAILED
    assert "secret detail" not in json.dumps(results)
    assert "secret detail of the grader" in capsys.readouterr().err


def test_a_grader_problem_reason_is_logged_not_shown(tmp_path, capsys, make_result):
    """'grader problem, not yours: ...' reasons name instructor files: the learner sees a sentence."""
    result = make_result(
        status="error",
        reason="grader problem, not yours: /srv/suites/x/suite.toml is broken",
        grader_fault=True,
        parts=None,
    )

    results = run_main(tmp_path, lambda _notebook, _exercise: result)

    assert results["output"] == GRADER_FAILED
    assert "/srv/suites/x/suite.toml is broken" in capsys.readouterr().out


@pytest.fixture(scope="module", params=EXERCISES)
def bundle(request, tmp_path_factory):
    """An exercise's Gradescope zip, built once."""
    return request.param, build_gradescope_zip(request.param, tmp_path_factory.mktemp("gradescope"))


def test_the_zip_has_the_scripts_at_its_root_and_only_this_exercises_suite(bundle):
    """setup.sh and run_autograder at the root (executable), the package, this suite and its solution."""
    exercise, archive = bundle
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in zipped.infolist()}
        run_autograder = zipped.read("run_autograder").decode()

    assert archive.name == f"{exercise}-autograder.zip"
    assert {
        "setup.sh",
        "run_autograder",
        "requirements.txt",
        "autograder/__init__.py",
        "autograder/bundles/gradescope/run.py",
        f"autograder/suites/{exercise}/hidden_tests.py",
        f"autograder/suites/{exercise}/suite.toml",
        f"solutions/{exercise}.ipynb",
    } <= set(names)
    assert modes["run_autograder"] == modes["setup.sh"] == 0o755
    assert {name.split("/")[2] for name in names if name.startswith("autograder/suites/")} == {exercise}
    assert not [name for name in names if "__pycache__" in name or name.startswith(("tests/", "exercises/"))]
    assert f'exercise="{exercise}"' in run_autograder


def test_setup_installs_bubblewrap_and_the_pinned_requirements(bundle):
    """setup.sh is valid bash that installs the sandbox tools and exactly the shipped pins."""
    _, archive = bundle
    with zipfile.ZipFile(archive) as zipped:
        setup = zipped.read("setup.sh").decode()
        requirements = zipped.read("requirements.txt").decode().splitlines()

    subprocess.run(["bash", "-n"], input=setup, text=True, check=True)
    assert "bubblewrap" in setup
    assert "pip install --no-cache-dir --quiet -r /autograder/source/requirements.txt" in setup
    assert requirements and all("==" in line for line in requirements)
    assert {"nbclient", "ipykernel", "Flask"} <= {line.split("==")[0] for line in requirements}


def simulated_root(tmp_path, archive, uploads=()):
    """An /autograder folder as Gradescope lays it out: source/ (the zip), submission/, results/."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(root / "source")
    (root / "source" / "run_autograder").chmod(0o755)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    for upload in uploads:
        shutil.copyfile(upload, root / "submission" / upload.name)
    return root


def run_autograder(root):
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    completed = subprocess.run(
        [str(root / "source" / "run_autograder")], env=env, cwd=root, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8")), completed.stdout


def test_run_autograder_without_an_upload_writes_an_explaining_result(bundle, tmp_path):
    """An empty submission folder ends in results.json with 0 points and what to upload."""
    exercise, archive = bundle

    results, _ = run_autograder(simulated_root(tmp_path, archive))

    assert results["score"] == 0
    assert results["output"] == f"No notebook was uploaded: upload your {exercise}.ipynb file."


@pytest.mark.slow
def test_run_autograder_gives_the_reference_solution_full_marks(bundle, tmp_path):
    """The solution notebook, uploaded under another name, is graded in the sandbox to full marks."""
    exercise, archive = bundle
    upload = tmp_path / "upload" / "my notebook.ipynb"
    upload.parent.mkdir()
    shutil.copyfile(DEFAULT_SOLUTIONS / f"{exercise}.ipynb", upload)
    root = simulated_root(tmp_path, archive, [upload])

    results, stdout = run_autograder(root)

    suite = load_suite(exercise)
    assert results["score"] == suite.spec_points + suite.quality_points, stdout
    assert all(test["status"] == "passed" for test in results["tests"]), results["tests"]
    assert (root / "submission" / upload.name).read_bytes() == upload.read_bytes()


def test_gradescope_command_writes_the_zip(tmp_path, capsys):
    """`python -m autograder gradescope ID --out DIR` prints where the zip is."""
    assert cli_main(["gradescope", EXERCISES[0], "--out", str(tmp_path)]) == 0

    assert capsys.readouterr().out.strip() == str(tmp_path / f"{EXERCISES[0]}-autograder.zip")


def test_gradescope_command_refuses_an_unknown_exercise(tmp_path):
    """A typo in the id fails before anything is written."""
    with pytest.raises(SuiteError):
        cli_main(["gradescope", "shoping_cart", "--out", str(tmp_path)])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("visibility", ["after_due_date", "hidden"])
def test_the_suites_visibility_holds_for_the_score_and_every_test(make_result, visibility):
    """A suite set to show results after the due date (or never) says so at the top and on each test."""
    results = to_gradescope(make_result(), visibility=visibility)

    assert results["visibility"] == visibility
    assert {test["visibility"] for test in results["tests"]} == {visibility}


def test_a_submission_that_could_not_be_graded_is_shown_at_once(make_result):
    """Whatever the suite's visibility, the learner sees at once that the upload could not be graded."""
    failed = make_result(status="error", reason="not valid JSON", score=0.0, tests=[], mutants=[])

    assert to_gradescope(failed, visibility="hidden")["visibility"] == "visible"


def copy_suite(tmp_path: Path, gradescope_table: str) -> Path:
    """The fixture suite `notes`, copied with ``gradescope_table`` appended to its suite.toml."""
    suites = tmp_path / "suites"
    shutil.copytree(SUITES / "notes", suites / "notes")
    with (suites / "notes" / "suite.toml").open("a", encoding="utf-8") as config:
        config.write(f"\n{gradescope_table}\n")
    return suites


def test_a_suite_without_a_setting_is_visible():
    """Results are shown at once unless the suite asks otherwise."""
    assert load_suite("notes", SUITES, FIXTURE_SOLUTIONS).visibility == "visible"


def test_a_suite_sets_its_visibility_in_a_gradescope_table(tmp_path):
    """`[gradescope] visibility = "after_published"` in suite.toml reaches the loaded suite."""
    suites = copy_suite(tmp_path, '[gradescope]\nvisibility = "after_published"')

    assert load_suite("notes", suites, FIXTURE_SOLUTIONS).visibility == "after_published"


def test_an_unknown_visibility_is_refused_with_the_four_it_could_be(tmp_path):
    """A typo in the setting stops the suite from loading and lists Gradescope's four settings."""
    suites = copy_suite(tmp_path, '[gradescope]\nvisibility = "after_due"')

    with pytest.raises(SuiteError, match="'after_due'; use one of visible, after_due_date, after_published, hidden"):
        load_suite("notes", suites, FIXTURE_SOLUTIONS)


def test_what_learners_tests_import_at_home_is_installed_on_gradescope(bundle, tmp_path):
    """Every package of the learner bundle but the notebook server is pinned in the Gradescope bundle too.

    A learner whose tests use pytest-mock's ``mocker`` (lesson 10) passes ``check()`` at home; the
    same tests must be able to import it when Gradescope grades them.
    """
    _, archive = bundle
    with zipfile.ZipFile(archive) as zipped:
        on_gradescope = set(zipped.read("requirements.txt").decode().splitlines())
    at_home = set((build_release(tmp_path / "learner") / "requirements.txt").read_text(encoding="utf-8").splitlines())
    notebook_server = {line for line in at_home if line.startswith("jupyterlab==")}
    assert at_home - notebook_server <= on_gradescope
