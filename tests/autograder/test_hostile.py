"""Hostile and broken submissions, graded together in one parallel batch next to an honest one.

Each case must end with the right (usually zero) score and a clear reason, within its time limit,
without touching the other submissions or the grader's files. The corpus is generated from the
table below; the notes fixture exercise gives its spec points (suite.toml) when its hidden tests
all pass, and its quality points on top when the notebook's tests catch all its planted bugs. Most
cases have no tests cells; the ones that do attack the quality check through what real pytest opens up.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

import pyseccomp
import pytest

from autograder.grading.batch import grade_batch
from autograder.grading.execution import ExecutionLimits
from autograder.material.notebook import MAX_NOTEBOOK_BYTES
from tests.autograder.builders import (
    NOTES_SOLUTION,
    NOTES_SUITE,
    SOLUTIONS,
    SUITES,
    app_notebook,
    children_filling_memory,
    memfd_hoard,
    needs_bwrap,
    notebook,
    notes_cells,
    notes_spec_score,
    small_options,
)

pytestmark = [needs_bwrap, pytest.mark.slow]

FULL = NOTES_SUITE.spec_points  # every hidden test passes
FULL_MARKS = NOTES_SUITE.max_score  # and the notebook's tests catch every planted bug
PLANTED = len(NOTES_SUITE.mutants)
TIME_LIMIT = 60  # seconds per submission, far above the options' cell timeouts but well below a hang
# Room for the 100 MB cell: on a loaded machine (parallel test workers, two grading jobs) it has
# taken more than 4 s, and a cell still busy serialising output can outlast the interrupt's grace.
CORPUS_OPTIONS = small_options(
    execution=ExecutionLimits(cell_timeout=10, total_timeout=40, output_bytes_per_cell=64 * 1024, interrupt_grace=3)
)
REPO = Path(__file__).resolve().parents[2]
BROKEN_APP = "def create_app(test_config=None):\n    raise RuntimeError('not written yet')\n"

# Paths a learner might go looking for; inside the sandbox none of them may exist.
GRADER_PATHS = [str(REPO), str(SUITES), str(SOLUTIONS), str(Path.home()), "/work"]

# The walk skips the system and interpreter folders (read-only copies, thousands of files).
SNOOP = f"""
import os, sys
def only_the_way_to_python(path):
    # A folder may show only as the way to the interpreter: ~/.pyenv, or a .venv inside the repository.
    ways = {{os.path.relpath(prefix, path).split(os.sep)[0] for prefix in (sys.prefix, sys.base_prefix)
            if prefix.startswith(path.rstrip('/') + '/')}}
    return set(os.listdir(path)) <= ways
visible = [p for p in {GRADER_PATHS!r} if os.path.exists(p) and not only_the_way_to_python(p)]
skip = {{'/proc', '/sys', '/dev', '/usr', sys.prefix, sys.base_prefix}}
for root, dirs, files in os.walk('/'):
    dirs[:] = [d for d in dirs if os.path.join(root, d) not in skip]
    visible += [os.path.join(root, f) for f in files
                if f in ('hidden_tests.py', 'mutants.py', 'suite.toml') or f.endswith('.ipynb')]
assert not visible, visible
"""


HONEST_TESTS = "\n\n".join(notes_cells("tests"))  # the solution's tests: they catch every planted bug
HONEST = 6  # tests pytest runs from them: five functions, one parametrized twice
# Lines of the reference app's source (not of its answers): none may reach any output.
REFERENCE_MARKERS = ["def find(note_id):", "app.config.update(test_config)"]

# Looks everywhere a test's process could find the reference: sources in linecache, modules,
# every string in reachable objects, code objects, frames, other processes, the environment.
SNOOP_FOR_THE_REFERENCE = f"""
import gc, inspect, linecache, os, sys, types
import pytest
# Spelled backwards, so that this cell's own source is not a find.
MARKERS = [marker[::-1] for marker in {[marker[::-1] for marker in REFERENCE_MARKERS]!r}]
def _texts():
    yield from (''.join(entry[2]) for entry in list(linecache.cache.values()) if len(entry) > 2 and entry[2])
    for module in list(sys.modules.values()):
        try:
            yield inspect.getsource(module)
        except Exception:
            pass
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            yield from (v for v in list(obj.values()) if isinstance(v, str))
        elif isinstance(obj, (list, tuple)):
            yield from (v for v in list(obj) if isinstance(v, str))
        elif isinstance(obj, types.FunctionType) and obj.__code__.co_name == 'find':
            yield 'the code object of the reference: ' + MARKERS[0]
    for frame in inspect.stack():
        yield repr(frame.frame.f_globals.keys())
    for pid in os.listdir('/proc'):
        for name in ('cmdline', 'environ'):
            try:
                yield open(f'/proc/{{pid}}/{{name}}', 'rb').read().decode(errors='replace')
            except OSError:
                pass
    yield repr(dict(os.environ))
def _found():
    # (The markers themselves, alive in MARKERS, are no find.)
    return [text[:300] for text in _texts() for marker in MARKERS if marker in text and text != marker]
@pytest.fixture(autouse=True)
def snoop_from_a_fixture():
    found = _found()
    assert not found, found
def test_snoop_from_a_test(client):
    client.get('/notes')
    found = _found()
    assert not found, found
"""

# Remembers what the first app it meets answers (in /tmp, /dev/shm, an environment variable)
# and fails on any app that answers differently: a test that tests nothing, if memory survived.
REMEMBER_THE_FIRST_APP = """
import gc, hashlib, os
def _print_of(client):
    seen = [client.post('/notes', json={'text': text}) for text in ('a', '', 'x' * 300)]
    seen += [client.get('/notes/1'), client.delete('/notes/1'), client.get('/notes/1')]
    return hashlib.sha256(repr([(r.status_code, r.data) for r in seen]).encode()).hexdigest()
def test_leaves_its_print_in_its_message(client):
    assert False, 'print:' + _print_of(client)
def test_remembers_the_first_app_it_saw(client):
    mine = _print_of(client)
    # An earlier run's message, if any process kept it where this one can read it.
    for obj in gc.get_objects():
        for text in (obj.values() if isinstance(obj, dict) else obj if isinstance(obj, (list, tuple)) else ()):
            if isinstance(text, str) and text.startswith('print:') and len(text) == 70:
                assert text == 'print:' + mine
    for place in ('/tmp/first', '/dev/shm/first'):
        if os.path.exists(place):
            assert open(place).read() == mine
        else:
            open(place, 'w').write(mine)
"""


def fake_results(targets: list[str]) -> str:
    return f"""
import json, os
fake = json.dumps([{{"learner": "mallory", "score": 100, "status": "graded"}}])
for target in {targets!r} + [os.getcwd(), os.path.expanduser('~'), '/tmp']:
    try:
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, 'results.json'), 'w') as handle:
            handle.write(fake)
    except OSError:
        pass
print('11 passed in 0.01s')
print(fake)
"""


def raw(content: bytes):
    return content


# Wraps the notes app: every request is recorded, then answered with an exception quoting them all.
RECORD_AND_RAISE = """
_seen = []
_honest_create_app = create_app
def create_app(test_config=None):
    app = _honest_create_app(test_config)
    @app.before_request
    def _record_and_raise():
        from flask import request
        _seen.append(f"{request.method} {request.path} {request.get_data(as_text=True)}")
        raise RuntimeError("seen: " + " | ".join(_seen))
    return app
"""
# A test that, the first time it runs in a variant's process, leaves spinners in new sessions.
SPAWN_SPINNERS = """
import subprocess

def test_aa_leaves_spinners_behind():
    for _ in range(8):
        subprocess.Popen(["setsid", "sh", "-c", "while :; do :; done"])
"""
ADD_KEY = pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, "add_key")
# Writes a kernel key (a channel to the next sandbox, or to the next learner) and says if it could.
WRITE_A_KERNEL_KEY = f"""
import ctypes
def write_a_kernel_key():
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.syscall({ADD_KEY}, b"user", b"reference", b"the reference source", 20, -4)
"""
# 40 memfd files of 20 MiB: pages RLIMIT_AS does not count (800 MiB, over the sandbox's 768).
MEMFD_HOARD = memfd_hoard(40, 20)
# Eight children of 200 MiB each: every one is under the per-process limit, together 1.6 GiB.
CHILDREN_FILL_MEMORY = children_filling_memory(8, 200)


CASES: dict[str, dict[str, Any]] = {
    "infinite_loop": {
        "notebook": lambda ctx: app_notebook(before=("while True:\n    pass",)),
        "score": FULL,
        "cell": "CellTimeoutError",
    },
    "sys_exit": {
        "notebook": lambda ctx: app_notebook(before=("import sys\nsys.exit(1)",)),
        "score": FULL,
        "cell": "SystemExit: 1",
    },
    "exit_builtin": {
        "notebook": lambda ctx: app_notebook(before=("exit()", "quit()")),
        "score": FULL,
        "cells": [],
    },
    "os_exit": {
        "notebook": lambda ctx: app_notebook("import os\nos._exit(0)"),
        "score": 0.0,
        "reason": "kernel stopped",
        "cell": "kernel died",
    },
    "kill_self": {
        "notebook": lambda ctx: app_notebook("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
        "score": 0.0,
        "reason": "kernel stopped",
    },
    "memory_bomb": {
        "notebook": lambda ctx: app_notebook(
            before=(
                "def hog():\n    blocks = []\n    while True:\n        blocks.append(bytes(256 * 1024 * 1024))\nhog()",
            )
        ),
        "score": FULL,
        "cell": "MemoryError",
    },
    # Frozen at the interrupt, the bomb's children fill the process limit, the loop's next fork
    # fails, the kernel lives on and the app defined before the bomb is graded in full.
    "fork_bomb": {
        "notebook": lambda ctx: app_notebook(
            "import os\nwhile True:\n    if os.fork() == 0:\n        while True:\n            pass"
        ),
        "score": FULL,
        "cell": "CellTimeoutError: the cell ran longer than 10 s and was interrupted",
    },
    "sigint_ignored_sleep_forever": {
        "notebook": lambda ctx: app_notebook(
            "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(10**6)"
        ),
        "score": 0.0,
        "reason": "kernel stopped",
        "cell": "ignored the interrupt",
    },
    # Counted by the sandbox's cgroup, the hoard stops the kernel: a clear reason, nothing graded.
    "memfd_hoard": {
        "notebook": lambda ctx: app_notebook(MEMFD_HOARD),
        "score": 0.0,
        "reason": "more than 768 MiB of memory",
    },
    # The cgroup's out-of-memory killer stops the largest processes, the children; the kernel lives.
    "children_fill_memory": {
        "notebook": lambda ctx: app_notebook(CHILDREN_FILL_MEMORY),
        "score": FULL,
        "cells": [],
    },
    # Neither the kernel nor the quality check's test process may write a key: both get EPERM.
    "kernel_keys": {
        "notebook": lambda ctx: app_notebook(
            (
                "tests",
                WRITE_A_KERNEL_KEY + "\n\ndef test_no_kernel_key_can_be_written():\n"
                "    assert write_a_kernel_key() == -1, 'a kernel key was written'\n\n\n" + HONEST_TESTS,
            ),
            before=(
                WRITE_A_KERNEL_KEY
                + "\nif write_a_kernel_key() != -1:\n    raise RuntimeError('a kernel key was written')",
            ),
        ),
        "score": FULL_MARKS,
        "cells": [],
    },
    # A listing padded with 6,000 extra notes: the hidden tests that compare it fail with their own
    # short message, quickly (graded without CI set, pytest does not build whole diffs).
    "huge_assertion_diff": {
        "notebook": lambda ctx: notebook(
            *(
                (
                    "app",
                    source.replace(
                        "return jsonify(list(notes.values()))",
                        "return jsonify(list(notes.values())"
                        " + [{'id': -n, 'text': 'padding ' * 8} for n in range(6000)])",
                    ),
                )
                for source in notes_cells("app")
            )
        ),
        "score": notes_spec_score("test_listing_notes_shows_every_note", "test_two_clients_of_one_app_share_its_notes"),
        "seconds": 30,  # the two hidden tests that read the listing fail
    },
    # Sixty 4 MiB display messages are sized and dropped unread: the grader's memory stays flat
    # (the benchmark measures it), the cell's output is cut and the app graded in full.
    "display_flood": {
        "notebook": lambda ctx: app_notebook(
            before=(
                (
                    "from IPython.display import display\nfor _ in range(60):\n"
                    "    display({'text/plain': 'x' * (4 * 1024 * 1024)}, raw=True)"
                ),
            )
        ),
        "score": FULL,
        "cells": [],
        "output_cut": [0],
    },
    # 600 MB messages: to send one, the kernel holds the string, then its JSON, then the JSON's
    # bytes. Two copies are over the sandbox's 768 MiB cgroup; three, beside the idle kernel's
    # 0.8 GiB, are over the 2 GiB address space where there is no cgroup. (At 200 MB the kernel
    # survived in some runs and the app was graded in full.) The app is never reached.
    "display_giants": {
        "notebook": lambda ctx: app_notebook(
            before=(
                (
                    "from IPython.display import display\nfor _ in range(8):\n"
                    "    display({'text/plain': 'x' * 600_000_000}, raw=True)"
                ),
            )
        ),
        "score": 0.0,
        "reason": "the app could not be tested",
    },
    # 300 cells each under the per-cell cap: the notebook's own cap stops keeping them.
    "many_chatty_cells": {
        "notebook": lambda ctx: app_notebook(*("print('x' * 60_000)" for _ in range(300))),
        # 2 MiB holds 34 outputs of 60 kB; the 35th cell after the app cells is the first cut.
        "score": FULL,
        "cells": [],
        "output_cut_from": len(notes_cells("app")) + 34,
    },
    # The app raises, on every request, an exception quoting every request it has seen: the
    # hidden tests' messages name the exception type and METHOD PATH only, never a body.
    "app_quotes_the_hidden_requests": {
        "notebook": lambda ctx: app_notebook(RECORD_AND_RAISE),
        "score": 0.0,
        "absent": ["buy milk", "seen:"],
    },
    # The first quality variant starts spinners in sessions of their own; they end with that
    # variant, so later variants are measured on a quiet sandbox and the honest tests count.
    "setsid_spinners_in_a_quality_variant": {
        "notebook": lambda ctx: app_notebook(("tests", SPAWN_SPINNERS + "\n\n" + HONEST_TESTS)),
        "score": FULL_MARKS,
        "cells": [],
    },
    # The output is capped at 64 KiB; the app defined after it is graded in full.
    "huge_output": {
        "notebook": lambda ctx: app_notebook(before=("print('x' * 100_000_000)",)),
        "score": FULL,
    },
    "network_call": {
        "notebook": lambda ctx: app_notebook(
            before=("import urllib.request\nurllib.request.urlopen('http://pypi.org', timeout=3)",)
        ),
        "score": FULL,
        "cell": "URLError",
    },
    "read_files_and_hunt_for_suites": {
        "notebook": lambda ctx: app_notebook(before=(SNOOP,)),
        "score": FULL,
        "cells": [],
    },
    "patch_pytest_unittest_and_runtime": {
        "notebook": lambda ctx: notebook(
            "import pytest, unittest, sys, types\n"
            "pytest.main = lambda *a, **k: 0\n"
            "unittest.TestCase.run = lambda self, result=None: None\n"
            "sys.modules['autograder_runtime'] = types.SimpleNamespace(server=None)",
            ("app", BROKEN_APP),
        ),
        # The app's own exception text is not quoted: it is the notebook's to choose.
        "score": 0.0,
        "test_message": "create_app() raised RuntimeError",
    },
    "patch_traceback_display": {
        "notebook": lambda ctx: app_notebook("get_ipython().showtraceback = lambda *a, **k: None", "1/0"),
        "score": FULL,
        "cell": "ZeroDivisionError",
    },
    "sabotage_the_runtime_install": {
        "notebook": lambda ctx: app_notebook(
            "import types\ndef refuse(*args, **kwargs):\n    raise RuntimeError('no')\ntypes.ModuleType = refuse"
        ),
        "score": 0.0,
        "reason": "could not reach the app",
    },
    "print_passed_and_fake_result_files": {
        "notebook": lambda ctx: notebook(fake_results(ctx["targets"]), ("app", BROKEN_APP)),
        "score": 0.0,
    },
    "delete_files_in_its_folder": {
        "notebook": lambda ctx: app_notebook(
            "import os, shutil\n"
            "for folder in [os.getcwd(), '/tmp', os.path.expanduser('~')]:\n"
            "    shutil.rmtree(folder, ignore_errors=True)\n"
            "for name in os.listdir('/tmp') if os.path.isdir('/tmp') else []:\n"
            "    shutil.rmtree(os.path.join('/tmp', name), ignore_errors=True)"
        ),
        "score": FULL,
    },
    "syntax_error": {
        "notebook": lambda ctx: notebook(("app", "def create_app(test_config=None:\n    pass")),
        "score": 0.0,
        "cell": "SyntaxError",
        "reason": "does not define create_app",
    },
    "missing_create_app": {
        "notebook": lambda ctx: notebook(("app", "def make_app():\n    pass")),
        "score": 0.0,
        "reason": "does not define create_app",
    },
    "wrong_signature": {
        "notebook": lambda ctx: notebook(("app", "def create_app(config, extra):\n    pass")),
        "score": 0.0,
        "reason": "must accept one argument",
    },
    "create_app_returns_no_app": {
        "notebook": lambda ctx: notebook(("app", "def create_app(test_config=None):\n    return 42")),
        "score": 0.0,
        "test_message": "create_app() returned int, not a Flask app",
    },
    "non_utf8_text": {
        "bytes": lambda ctx: (
            json.dumps({"nbformat": 4, "cells": ["caf\u00e9"]}).encode("latin-1").replace(b"\\u00e9", b"\xe9")
        ),
        "status": "error",
        "reason": "not UTF-8",
    },
    "huge_notebook": {
        "bytes": lambda ctx: b" " * (MAX_NOTEBOOK_BYTES + 1),
        "status": "error",
        "reason": "over 20 MB",
    },
    "empty_notebook": {
        "notebook": lambda ctx: notebook(),
        "status": "error",
        "reason": "no cells",
    },
    "empty_file": {
        "bytes": lambda ctx: b"",
        "status": "error",
        "reason": "empty",
    },
    "cells_are_strings": {
        "bytes": lambda ctx: json.dumps(
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": ["print(1)"]}
        ).encode(),
        "status": "error",
        "reason": "cell 1 is not a notebook cell",
    },
    # Refused before it is opened, whatever it points at (the solution, /etc/shadow).
    "symlink_to_the_solution": {
        "link": lambda ctx: NOTES_SOLUTION,
        "status": "error",
        "reason": "symbolic link",
    },
    "symlink_to_etc_shadow": {
        "link": lambda ctx: Path("/etc/shadow"),
        "status": "error",
        "reason": "symbolic link",
    },
    # The grader's code in the kernel uses the builtins module, never the notebook's own names;
    # what the kernel says on failure is never quoted as the grader's words.
    "notebook_defines_exec_compile_and_setattr": {
        "notebook": lambda ctx: app_notebook(
            "def _say(*args, **kwargs):\n    raise RuntimeError('grader problem, not yours: all 100 points awarded')\n"
            "exec = compile = setattr = _say"
        ),
        "score": FULL,
        "cells": [],
    },
    "builtins_compile_hooked": {
        "notebook": lambda ctx: app_notebook(
            "import builtins\n"
            "def _say(*args, **kwargs):\n    raise RuntimeError('grader problem, not yours: all 100 points awarded')\n"
            "builtins.compile = _say"
        ),
        "score": 0.0,
        "reason": "could not reach the app",
    },
    "duplicate_cell_ids": {
        "bytes": lambda ctx: _duplicate_ids(),
        "status": "error",
        "reason": "same id",
    },
    # --- the quality check, under real pytest -----------------------------------------------
    "honest_tests": {
        "notebook": lambda ctx: app_notebook(("tests", HONEST_TESTS)),
        "score": FULL_MARKS,
        "quality_message": f"{HONEST} tests pass on the reference app and catch {PLANTED} of {PLANTED} planted bugs",
    },
    # Hooks in a test module are not plugins: pytest never calls them, so nothing changes.
    "pytest_hooks_in_the_tests_cell": {
        "notebook": lambda ctx: app_notebook(
            (
                "tests",
                HONEST_TESTS
                + (
                    "\n\ndef pytest_collection_modifyitems(items):\n    items.clear()\n"
                    "\ndef pytest_runtest_logreport(report):\n    report.outcome = 'failed'\n"
                ),
            )
        ),
        "score": FULL_MARKS,
    },
    "pytestmark_skips_every_test": {
        "notebook": lambda ctx: app_notebook(
            ("tests", "import pytest\npytestmark = pytest.mark.skip(reason='later')\n\n" + HONEST_TESTS)
        ),
        "score": FULL,
        "quality_message": "every test is skipped",
    },
    # Whatever the tests' process reports, it reports it for every app alike: nothing caught.
    "autouse_fixture_patches_reports_and_sys_modules": {
        "notebook": lambda ctx: app_notebook(
            (
                "tests",
                (
                    "import sys, pytest, _pytest.reports\n"
                    "@pytest.fixture(autouse=True)\n"
                    "def rig():\n"
                    "    _pytest.reports.TestReport.outcome = "
                    "property(lambda self: 'passed', lambda self, value: None)\n"
                    "    sys.modules['autograder_runtime'] = None\n"
                    "    sys.modules['_pytest.runner'] = None\n"
                    "def test_always_fails(client):\n"
                    "    assert False, 'caught!'\n"
                ),
            )
        ),
        "score": FULL,
        "caught": 0,
    },
    "tests_snoop_for_the_reference": {
        "notebook": lambda ctx: notebook(("app", BROKEN_APP), ("tests", SNOOP_FOR_THE_REFERENCE)),
        "score": 0.0,
        "caught": 0,
        "quality_message": "1 test passes on the reference app",
    },
    "fake_app_and_a_test_that_remembers_the_first_app": {
        "notebook": lambda ctx: notebook(("app", BROKEN_APP), ("tests", REMEMBER_THE_FIRST_APP)),
        "score": 0.0,
        "caught": 0,
    },
    "conftest_and_ini_written_to_the_working_folder": {
        "notebook": lambda ctx: app_notebook(
            (
                "tests",
                (
                    "import os\n"
                    "def test_plants_config():\n"
                    "    for folder in (os.getcwd(), '/tmp', '/tmp/tests'):\n"
                    "        os.makedirs(folder, exist_ok=True)\n"
                    "        open(os.path.join(folder, 'conftest.py'), 'w').write("
                    "'import pytest\\n@pytest.fixture(autouse=True)\\ndef boom():\\n    raise RuntimeError(1)\\n')\n"
                    "        open(os.path.join(folder, 'pytest.ini'), 'w')"
                    ".write('[pytest]\\naddopts = -x -p no:python\\n')\n"
                    "\n\n" + HONEST_TESTS
                ),
            )
        ),
        "score": FULL_MARKS,
    },
    # The honest tests run first and keep their credit; the one that ends the run costs its share.
    "pytest_exit_in_the_last_test": {
        "notebook": lambda ctx: app_notebook(
            ("tests", HONEST_TESTS + "\n\ndef test_zz_stop():\n    pytest.exit('bye')\n")
        ),
        "score": round(FULL + NOTES_SUITE.quality_points * HONEST / (HONEST + 1), 2),
        "quality_message": "test_zz_stop",
    },
    "os_exit_in_the_first_test": {
        "notebook": lambda ctx: app_notebook(
            ("tests", "import os\n\ndef test_aa_exit():\n    os._exit(0)\n\n\n" + HONEST_TESTS)
        ),
        "score": FULL,
        "quality_message": "the test process stopped (crashed or exited) during this test",
    },
}


def _duplicate_ids() -> bytes:
    data = json.loads(NOTES_SOLUTION.read_text())
    data["cells"][2]["id"] = data["cells"][1]["id"]
    return json.dumps(data).encode()


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory, once_per_run) -> dict[str, Any]:
    """The corpus graded once per test run (however the tests are spread over pytest-xdist workers)."""
    graded = once_per_run("hostile_corpus", lambda: grade_corpus(tmp_path_factory.mktemp("corpus")))
    return {**graded, "root": Path(graded["root"]), "cache": Path(graded["cache"])}


def grade_corpus(root: Path) -> dict[str, Any]:
    """Grade the whole corpus, plus an honest bystander, with two workers; the outcome as JSON data."""
    cache = root / "cache"
    submissions = root / "submissions"
    context = {"targets": [str(cache), str(submissions), str(root / "results.json")]}
    for name, case in CASES.items():
        path = submissions / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        if "link" in case:
            path.symlink_to(case["link"](context))
        elif "bytes" in case:
            path.write_bytes(case["bytes"](context))
        else:
            path.write_text(json.dumps(case["notebook"](context)))
    bystander = submissions / "bystander.ipynb"
    bystander.write_bytes(NOTES_SOLUTION.read_bytes())
    before = {"submissions": _digest(submissions), "suites": _digest(SUITES), "solutions": _digest(SOLUTIONS)}
    results = grade_batch([submissions], CORPUS_OPTIONS, jobs=2, cache_dir=cache, force=True)
    return {
        "results": {Path(r["path"]).stem: r for r in results},
        "before": before,
        "after": {"submissions": _digest(submissions), "suites": _digest(SUITES), "solutions": _digest(SOLUTIONS)},
        "root": str(root),
        "cache": str(cache),
    }


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_submission_gets_the_right_outcome(batch, name):
    """The case's status, score, reason and cell errors are as expected, within the time limit."""
    case, result = CASES[name], batch["results"][name]
    assert result["status"] == case.get("status", "graded"), result["reason"]
    if "score" in case:
        assert result["score"] == case["score"], (result["reason"], result["cells"], result["tests"][:1])
    if "reason" in case:
        assert case["reason"] in result["reason"]
    if "cell" in case:
        assert any(case["cell"] in cell["error"] for cell in result["cells"]), result["cells"]
    if "cells" in case:
        assert result["cells"] == case["cells"]
    if "output_cut" in case:
        assert result["output_cut"]["cells"] == case["output_cut"], result["output_cut"]
    if "output_cut_from" in case:
        assert result["output_cut"]["cells"][0] == case["output_cut_from"], result["output_cut"]
    if "absent" in case:
        assert not [text for text in case["absent"] if text in json.dumps(result["tests"])], result["tests"][:2]
    if "test_message" in case:
        assert {t["message"] for t in result["tests"]} == {case["test_message"]}
    if "quality_message" in case:
        assert case["quality_message"] in json.dumps(result["learner_tests"]), result["learner_tests"]
    if "caught" in case:
        assert sum(m["caught"] for m in result["mutants"]) == case["caught"], result["learner_tests"]
    # No output quotes the reference's source (nor the app cells, which only print their errors).
    shown = json.dumps(result)
    assert not [marker for marker in REFERENCE_MARKERS if marker in shown]
    assert result["reason"] == "" or "\n" not in result["reason"]
    assert "grader problem" not in result["reason"] and "100 points" not in json.dumps(result)
    assert result["duration_s"] < case.get("seconds", TIME_LIMIT)


def test_the_honest_bystander_is_graded_normally(batch):
    """A correct submission graded alongside the hostile ones gets full marks."""
    bystander = batch["results"]["bystander"]
    assert bystander["status"] == "graded" and bystander["score"] == FULL_MARKS


def test_no_submission_touches_other_submissions_or_the_grader(batch):
    """Submissions, suites and solutions are byte-for-byte unchanged after grading."""
    assert batch["after"] == batch["before"]


def test_fake_result_files_never_reach_the_grader(batch):
    """Nothing a notebook writes ends up in the grader's cache or next to the submissions."""
    assert not (batch["root"] / "results.json").exists()
    assert not (batch["root"] / "submissions" / "results.json").exists()
    for cached in batch["cache"].glob("*.json"):
        assert json.loads(cached.read_text())["learner"] != "mallory"
    assert batch["results"]["print_passed_and_fake_result_files"]["score"] == 0.0
