"""A pytest plugin for ``nox -s mutants``: mutants of code that runs at import time get tested too.

mutmut imports the app once, forks a process per mutant, and runs in it only the tests that
called the mutated function when it ran the suite to collect stats. Code that runs when its
module is imported, such as the decorator factories (``login_rate_limit()``, ``admin_required``),
defeats both halves: a forked process never runs it again, so its mutants can never be active,
and the stats run charges it to whichever test happened to run first. This plugin, loaded by
``[tool.mutmut] pytest_add_cli_args``, closes both gaps:

- at the start of every pytest session it forgets the sample app's modules, so the session
  imports them again with the mutant under test already chosen;
- in the stats run it imports the mutated modules during collection and charges what ran then
  to every test, so a mutant of import-time code is checked against the whole suite.

It reads mutmut's run state (``mutmut.state``), so it is tied to the pinned mutmut version.
"""

from __future__ import annotations

import importlib
import sys

import pytest

from devtools.mutants import mutated_paths

APP_PACKAGE = "sample_app"
_ran_at_import: set[str] = set()


def _mutated_modules() -> list[str]:
    """The dotted names of ``[tool.mutmut] only_mutate``: ``sample_app/api/auth.py`` -> ``sample_app.api.auth``."""
    return [path.removesuffix(".py").replace("/", ".") for path in mutated_paths()]


def _collecting_stats() -> bool:
    from mutmut.mutation.trampoline import get_mutant_under_test

    return get_mutant_under_test() == "stats"


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests() -> None:
    """Runs before the sample suite's conftest imports the app."""
    for name in list(sys.modules):
        if name == APP_PACKAGE or name.startswith(APP_PACKAGE + "."):
            del sys.modules[name]


def pytest_collection_finish() -> None:
    if not _collecting_stats():
        return
    from mutmut.state import state

    for module in _mutated_modules():
        importlib.import_module(module)
    _ran_at_import.clear()
    _ran_at_import.update(state()._stats)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown() -> None:
    """Before mutmut files this test's calls, add what ran at import time to them."""
    if _ran_at_import and _collecting_stats():
        from mutmut.state import state

        state()._stats.update(_ran_at_import)
