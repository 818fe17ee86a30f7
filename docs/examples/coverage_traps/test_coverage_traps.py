"""Lesson 15: coverage run on shop_tests.py under two configurations, and a gate for one module.

The reports are compared with the text files beside this module, which the lesson shows, so
what the lesson prints is what coverage.py really prints.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def coverage(*args: str, data_file: Path) -> subprocess.CompletedProcess:
    """Run ``python -m coverage`` in this folder, keeping its data file out of the repository."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("COV_CORE", "COVERAGE_"))}
    env["COVERAGE_FILE"] = str(data_file)
    # The shop's tests need no plugins; loading the course's (Playwright and more) only costs time.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "coverage", *args], cwd=HERE, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """``measured(name)``: the data file of shop_tests.py run under ``<name>.coveragerc``, measured once."""
    data_files = {}

    def measure(name: str) -> Path:
        if name not in data_files:
            data_file = tmp_path_factory.mktemp(name) / ".coverage"
            run = coverage(
                "run",
                f"--rcfile={name}.coveragerc",
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "shop_tests.py",
                data_file=data_file,
            )
            assert run.returncode == 0, run.stdout + run.stderr
            data_files[name] = data_file
        return data_files[name]

    return measure


def expected(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def test_seed_configuration_reports_everything_covered(measured):
    """Under the older configuration the report claims 100 % and the gate passes."""
    report = coverage("report", "--rcfile=seed.coveragerc", data_file=measured("seed"))

    assert (report.returncode, report.stdout) == (0, expected("seed_report.txt"))


def test_pass_pattern_excludes_every_block_that_mentions_a_password(measured, tmp_path):
    """`pass` is a regular expression: it matches "password", and a matching def or if hides its whole body."""
    annotate = coverage("annotate", "--rcfile=seed.coveragerc", f"--directory={tmp_path}", data_file=measured("seed"))

    assert annotate.returncode == 0, annotate.stderr
    [annotated] = tmp_path.glob("*auth*")
    assert annotated.read_text(encoding="utf-8") == expected("seed_auth_annotated.txt")


def test_honest_configuration_shows_the_untested_code(measured):
    """With the factory measured and no loose patterns, the same tests fall below the 80 % gate."""
    report = coverage("report", "--rcfile=fixed.coveragerc", data_file=measured("fixed"))

    assert (report.returncode, report.stdout) == (2, expected("fixed_report.txt"))


def test_gate_for_one_module_fails_below_its_own_target(measured):
    """A second report, limited to auth.py, demands 100 % of that module alone."""
    gate = coverage(
        "report", "--rcfile=fixed.coveragerc", "--include=shop/auth.py", "--fail-under=100", data_file=measured("fixed")
    )

    assert (gate.returncode, gate.stdout) == (2, expected("auth_gate.txt"))
