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
published site (``--site-url``, default ``autograder.lesson_links.site_url()``). With ``--zip``,
``DIR.zip`` holds the same files in one folder, ``ZIP_FOLDER``. The bundle is built from an allow-list:
hidden tests, mutants, points, solutions and reference code are never read into it. ``tests/autograder/test_release.py`` proves it by searching every byte.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import nbformat

from .lesson_links import OFFLINE_SITE_FOLDER, relink_lessons
from .lesson_links import site_url as default_site_url
from .suite import DEFAULT_SOLUTIONS, DEFAULT_SUITES, known_exercises, load_suite

__all__ = ["LEARNER_PACKAGES", "ZIP_FOLDER", "build_release", "pinned_requirements", "write_zip"]

# The one folder a learner's zip unpacks to, named for what it is wherever it lands (Downloads, ~).
ZIP_FOLDER = "flask-testing-course-exercises"

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
EXERCISES_DIR = REPO_ROOT / "exercises"
REQUIREMENTS = REPO_ROOT / "requirements.txt"
SELF_CHECK_PACKAGES = ("runtime", "selfcheck")

# What the learners' notebooks import, what the self-check uses and where they run it.
LEARNER_PACKAGES = (
    "Flask",
    "Werkzeug",
    "Flask-SQLAlchemy",
    "SQLAlchemy",
    "Flask-WTF",
    "email-validator",
    "flask-jwt-extended",
    "PyJWT",
    "Flask-Mail",
    "Flask-Limiter",
    "itsdangerous",
    "requests",
    "Pillow",
    "pytest",
    "pytest-mock",
    "rich",
    "ipykernel",
    "jupyterlab",
)

# A fixed timestamp makes two builds of the same sources byte-identical zips.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)

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
    starters: Path = EXERCISES_DIR,
    requirements: Path = REQUIREMENTS,
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


def write_zip(folder: str | os.PathLike[str], archive: str | os.PathLike[str], *, root: str = "") -> Path:
    """Zip every file under ``folder`` (paths prefixed by ``root``), reproducibly; return the archive."""
    folder, archive = Path(folder), Path(archive)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(f"{root}/{relative}" if root else relative, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            bundle.writestr(info, path.read_bytes())
    return archive


def pinned_requirements(names: Iterable[str], requirements: Path = REQUIREMENTS) -> str:
    """The ``name==version`` lines of ``names`` taken from the course's requirements file.

    One place pins every version; a bundle only picks lines. A name that is not pinned there is
    an error, so a bundle can never install an unpinned package.
    """
    pinned: dict[str, str] = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name = re.split(r"[\[=]", line, maxsplit=1)[0].strip()
            pinned[_normalise(name)] = line
    missing = [name for name in names if _normalise(name) not in pinned]
    if missing:
        raise ValueError(f"{requirements} pins no version of: {', '.join(missing)}")
    return "".join(f"{pinned[_normalise(name)]}\n" for name in names)


def learner_suite_toml(settings: Mapping[str, Any]) -> str:
    """TOML for the learner's ``suite.toml``: string keys and scalar, list or table values.

    Written by hand because the standard library only reads TOML; the text is read back and
    compared, so a value this writer cannot express fails the build instead of changing meaning.
    """
    tables = {key: value for key, value in settings.items() if isinstance(value, Mapping)}
    lines = [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in settings.items() if key not in tables]
    for name, table in tables.items():
        lines += ["", f"[{_toml_key(name)}]"]
        lines += [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in table.items()]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != settings:
        raise ValueError(f"cannot write these settings as TOML faithfully: {settings!r}")
    return text


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise ValueError(f"cannot write a {type(value).__name__} as TOML")


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's, except that TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


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
