"""The learner bundle: the starter notebooks and the self-check, and nothing an instructor keeps.

``python -m autograder release --out DIR`` builds::

    DIR/README.md                 how to install, open the notebooks and check your work
    DIR/requirements.txt          the pinned packages the notebooks need
    DIR/exercises/<id>.ipynb      each starter notebook, outputs cleared
    DIR/exercises/course_check/   the self-check, importable from the notebooks' folder:
        __init__.py               ``from course_check import check``
        runtime/, selfcheck/      copies of autograder/runtime and autograder/selfcheck
        suites/<id>/              public_tests.py and a suite.toml with only title and app_config

and, with ``--offline-site SITE`` (a build of ``mkdocs.offline.yml``), ``DIR/exercises/site/``: a
copy of that site, which the notebooks' lesson links then point at; without it they point at the
published site (``--site-url``, default ``autograder.bundles.lesson_links.site_url()``). With ``--zip``,
``DIR.zip`` holds the same files in one folder, ``ZIP_FOLDER``. The bundle is built from an allow-list:
hidden tests, mutants, points, solutions and reference code are never read into it.
``tests/autograder/bundles/test_learner.py`` proves it by searching every byte.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import nbformat

from autograder.bundles.lesson_links import OFFLINE_SITE_FOLDER, relink_lessons
from autograder.bundles.lesson_links import site_url as default_site_url
from autograder.bundles.pins import APP_AND_TEST_PACKAGES, pinned_requirements
from autograder.bundles.suite_toml import learner_suite_toml
from autograder.material.suite import DEFAULT_SOLUTIONS, DEFAULT_SUITES, known_exercises, load_suite
from autograder.paths import COURSE, PACKAGE_DIR

__all__ = ["LEARNER_PACKAGES", "ZIP_FOLDER", "build_release"]

# The one folder a learner's zip unpacks to, named for what it is wherever it lands (Downloads, ~).
ZIP_FOLDER = "flask-testing-course-exercises"

SELF_CHECK_PACKAGES = ("runtime", "selfcheck")

# What learners' code may import, and where they run it.
LEARNER_PACKAGES = (*APP_AND_TEST_PACKAGES, "ipykernel", "jupyterlab")


COURSE_CHECK_INIT = '''\
"""The self-check of the course exercises. In a notebook: ``from course_check import check; check()``."""

from .selfcheck import check

__all__ = ["check"]
'''

README = """\
# Testing Flask applications with pytest: exercises

Each notebook in `exercises/` asks you to build a small Flask JSON API and to write tests for it.

## Set up once

```sh
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt
.venv/bin/jupyter lab exercises
```

You need Python 3.11 or newer. Everything runs on your computer; nothing is sent anywhere.

## Work on an exercise

{exercise_list}

{lessons}

1. Read the story and the specification at the top of the notebook.
2. Fill in the cells tagged `app`, then write your own tests in the cells tagged `tests` (a new
   cell needs the tag too). They run under pytest, with your own fixtures and pytest's, plus the
   fixtures `client`, `make_client` and (where the exercise sends email) `outbox`, exactly as the
   grader gives them.
3. Save the notebook, then run the last cell, `check()`. It runs a few of the course's tests and
   all of yours (from the saved `tests` cells, as the grader does) against the app your notebook
   defines, and prints a table: test, result, and a hint when something fails, plus any test the
   grader would not count. Run the app cells again after every change, then `check()` again.

Passing `check()` is a good sign, not a grade: the grader runs many more checks of the
specification, and it also plants bugs in a correct app to see whether your tests catch them.

## Hand in

Save the notebook and hand in the `.ipynb` file. Keep the cell tags: the grader finds your app
and your tests by them.
"""


def build_release(
    out: str | os.PathLike[str],
    *,
    exercises: Iterable[str] | None = None,
    suites: Path = DEFAULT_SUITES,
    solutions: Path = DEFAULT_SOLUTIONS,
    starters: Path = COURSE.exercises,
    requirements: Path = COURSE.requirements,
    site_url: str | None = None,
    offline_site: Path | None = None,
) -> Path:
    """Build the learner bundle in ``out`` (which must not exist or be empty); return ``out``.

    ``exercises`` defaults to every exercise that has a suite and a starter notebook. The
    notebooks' lesson links point at ``site_url`` (default: ``lesson_links.site_url()``) or, when
    ``offline_site`` names a built offline site, at the copy of it shipped beside them.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: choose a new folder for the bundle")
    chosen = (
        sorted(exercises)
        if exercises is not None
        else sorted(exercise for exercise in known_exercises(suites) if (starters / f"{exercise}.ipynb").is_file())
    )
    if not chosen:
        raise ValueError(f"no exercise has both a suite in {suites} and a starter notebook in {starters}")
    missing = [exercise for exercise in chosen if not (starters / f"{exercise}.ipynb").is_file()]
    if missing:
        raise ValueError(f"no starter notebook in {starters} for: {', '.join(missing)}")
    if offline_site is not None and not (Path(offline_site) / "lessons").is_dir():
        raise ValueError(f"{offline_site} is not a built site (no lessons/): build mkdocs.offline.yml first")
    # Every suite loads before the first file is written: a broken one leaves no half bundle.
    loaded = {exercise: load_suite(exercise, suites, solutions) for exercise in chosen}

    course_check = out / "exercises" / "course_check"
    course_check.mkdir(parents=True)
    (course_check / "__init__.py").write_text(COURSE_CHECK_INIT, encoding="utf-8")
    for package in SELF_CHECK_PACKAGES:
        _copy_python_package(PACKAGE_DIR / package, course_check / package)
    for exercise, suite in loaded.items():
        _write_cleared_notebook(
            starters / f"{exercise}.ipynb",
            out / "exercises" / f"{exercise}.ipynb",
            site_url=site_url,
            offline=offline_site is not None,
        )
        public = course_check / "suites" / exercise
        public.mkdir(parents=True)
        shutil.copyfile(suite.public_tests, public / "public_tests.py")
        (public / "suite.toml").write_text(
            learner_suite_toml({"title": suite.title, "app_config": suite.app_config}), encoding="utf-8"
        )

    if offline_site is not None:
        shutil.copytree(offline_site, out / "exercises" / OFFLINE_SITE_FOLDER)

    exercise_list = "\n".join(f"- `exercises/{exercise}.ipynb`: {suite.title}" for exercise, suite in loaded.items())
    lessons = (
        f"The lessons are in `exercises/{OFFLINE_SITE_FOLDER}/`: open `exercises/{OFFLINE_SITE_FOLDER}/index.html`"
        " in a browser. Each notebook's *Lessons that help* links open its pages."
        if offline_site is not None
        else f"The lessons are on the course site, {site_url_of(site_url)}; each notebook's"
        " *Lessons that help* links open its pages."
    )
    readme = README.format(exercise_list=exercise_list, lessons=lessons)
    (out / "README.md").write_text(readme, encoding="utf-8")
    (out / "requirements.txt").write_text(pinned_requirements(LEARNER_PACKAGES, requirements), encoding="utf-8")
    return out


def _copy_python_package(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for path in sorted(source.glob("*.py")):
        shutil.copyfile(path, target / path.name)


def _write_cleared_notebook(source: Path, target: Path, *, site_url: str | None, offline: bool) -> None:
    notebook = nbformat.read(source, as_version=4)
    relink_lessons(notebook, base=site_url, offline=offline)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    notebook.metadata.pop("widgets", None)
    nbformat.validate(notebook)
    nbformat.write(notebook, target)


def site_url_of(site_url: str | None) -> str:
    url = default_site_url() if site_url is None else site_url
    return url if url.endswith("/") else url + "/"
