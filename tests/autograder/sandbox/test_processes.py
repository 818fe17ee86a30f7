"""A sandbox's processes, found by its uid and all ended when it closes."""

import subprocess
import sys

from autograder.sandbox import Sandbox
from tests.autograder.builders import needs_bwrap


@needs_bwrap
def test_kill_strays_leaves_no_process_behind():
    """Every process of the sandbox's uid is killed when the sandbox closes."""
    with Sandbox() as sandbox:
        code = "import time; print('ready', flush=True); time.sleep(60)"
        process = subprocess.Popen(sandbox.wrap([sys.executable, "-c", code]), stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
        assert len(sandbox.pids()) == 1
        sandbox.kill_strays()
        assert process.wait(timeout=10) != 0
        assert sandbox.pids() == []
        process.stdout.close()
