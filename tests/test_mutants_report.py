"""``nox -s mutants`` and its report (``devtools/mutants.py``): one list of critical code, sums that add up."""

import importlib

import pytest

from devtools import mutants, mutmut_import_time


@pytest.fixture
def mutmut_says(monkeypatch, capsys):
    """Run the report on the given ``{mutant: status}``; returns (exit status, stdout, stderr)."""

    def report(found):
        monkeypatch.setattr(mutants, "statuses", lambda: found)
        monkeypatch.setattr(mutants, "mutated_paths", list)

        def show(command, **kwargs):
            return type("Shown", (), {"stdout": f"# {command[-1]}: {found[command[-1]]}\ndiff\n"})

        monkeypatch.setattr(mutants.subprocess, "run", show)
        status = mutants.main()
        out, err = capsys.readouterr()
        return status, out, err

    return report


def test_the_plugin_imports_the_modules_mutmut_changes():
    """The import-time plugin reads pyproject's `only_mutate`; each module it names imports."""
    modules = mutmut_import_time._mutated_modules()

    assert "sample_app.api.auth" in modules
    for module in modules:
        importlib.import_module(module)


@pytest.mark.parametrize(
    ("mutant", "module"),
    [
        ("sample_app.access.x_session_user__mutmut_2", "sample_app/access.py"),
        ("sample_app.api.auth.x_invalid_credentials__mutmut_11", "sample_app/api/auth.py"),
    ],
    ids=["module", "package-module"],
)
def test_a_mutant_is_filed_under_its_module(mutant, module):
    """mutmut's dotted mutant names map back to the file that was changed."""
    assert mutants.module_of(mutant) == module


def test_all_killed_passes_with_a_total(mutmut_says):
    """When every mutant is killed the report exits 0 and says how many there were."""
    status, out, _ = mutmut_says(
        {"sample_app.auth.x_login__mutmut_1": "killed", "sample_app.auth.x_login__mutmut_2": "killed"}
    )

    assert status == 0
    assert "All 2 mutants were killed." in out


def test_a_survivor_fails_the_report_with_its_diff_and_counts_that_add_up(mutmut_says):
    """A survivor, a timeout or an unchecked mutant is not killed: exit 1, each named with its diff."""
    status, out, err = mutmut_says(
        {
            "sample_app.auth.x_login__mutmut_1": "killed",
            "sample_app.auth.x_login__mutmut_2": "survived",
            "sample_app.config.x_load__mutmut_1": "timeout",
            "sample_app.config.x_load__mutmut_2": "killed",
            "sample_app.config.x_load__mutmut_3": "not checked",
        }
    )

    assert status == 1
    rows = {
        line.split()[0]: [int(number) for number in line.split()[1:]]
        for line in out.splitlines()
        if line.startswith(("sample_app/", "total"))
    }
    assert rows == {"sample_app/auth.py": [2, 1, 1], "sample_app/config.py": [3, 1, 2], "total": [5, 2, 3]}
    assert "sample_app.auth.x_login__mutmut_2: survived\ndiff" in out
    assert "sample_app.config.x_load__mutmut_1: timeout" in out
    assert "3 of 5 mutants were not killed" in err


def test_no_run_yet_is_an_error_not_a_pass(mutmut_says):
    """With nothing to report (mutmut has not run) the report fails and says what to do."""
    status, _, err = mutmut_says({})

    assert status == 1
    assert "run `python -m mutmut run` first" in err


def test_decorated_functions_are_the_ones_mutmut_leaves_alone():
    """Views, loaders and the wrappers inside decorator factories are listed; plain functions are not."""
    source = """
@bp.post("/login")
@login_rate_limit()
def login(): ...

def admin_required(view):
    @functools.wraps(view)
    def wrapped_view(**kwargs): ...
    return wrapped_view

class Store:
    @staticmethod
    def path(): ...

    @property
    def size(self): ...
"""
    assert mutants.decorated_functions(source) == ["login", "admin_required.wrapped_view", "Store.size"]


def test_the_report_names_what_mutmut_could_not_reach(monkeypatch, capsys, tmp_path):
    """Under the table the report lists the decorated functions per module, with their count."""
    module = tmp_path / "views.py"
    module.write_text("@bp.get('/')\ndef index(): ...\n\ndef helper(): ...\n", encoding="utf-8")
    monkeypatch.setattr(mutants, "mutated_paths", lambda: [str(module)])
    monkeypatch.setattr(mutants, "statuses", lambda: {"views.x_helper__mutmut_1": "killed"})

    status = mutants.main()

    out = capsys.readouterr().out
    assert status == 0, "what mutmut cannot reach is reported, not failed"
    assert f"skips decorated functions: 1 function\n  {module}: index\n" in out
    assert "The one mutant was killed." in out


def test_one_survivor_is_counted_in_the_singular(mutmut_says):
    """The closing line agrees with its number: "1 of 2 mutants was not killed"."""
    _, _, err = mutmut_says(
        {"sample_app.auth.x_login__mutmut_1": "killed", "sample_app.auth.x_login__mutmut_2": "survived"}
    )

    assert "1 of 2 mutants was not killed" in err


def test_a_lone_mutant_that_lives_is_named_as_one(mutmut_says):
    """With a single mutant the closing line reads "The one mutant was not killed"."""
    _, _, err = mutmut_says({"sample_app.auth.x_login__mutmut_1": "survived"})

    assert "The one mutant was not killed" in err
