"""The runtime travels as source: installed into a fresh interpreter it works without the repository."""

import subprocess
import sys

from autograder.runtime.source import MODULES, PACKAGE, bootstrap_code


def test_bootstrap_installs_every_module_in_a_bare_interpreter(tmp_path):
    """The bootstrap code installs the runtime package where autograder is not importable."""
    check = f"import sys; print(sorted(m for m in sys.modules if m.startswith({PACKAGE!r})))"
    script = tmp_path / "boot.py"
    script.write_text(
        bootstrap_code(check) + "\nimport importlib.util\nprint(importlib.util.find_spec('autograder'))\n"
    )
    out = subprocess.run([sys.executable, "-I", str(script)], capture_output=True, text=True, cwd=tmp_path, check=True)
    modules, autograder_spec = out.stdout.splitlines()
    assert modules == str(sorted([PACKAGE, *(f"{PACKAGE}.{name}" for name in MODULES)]))
    assert autograder_spec == "None"
