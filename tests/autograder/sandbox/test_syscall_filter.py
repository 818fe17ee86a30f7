"""The sandbox's seccomp filter: kernel keys, a channel between sandboxes, are refused."""

import errno
import json
import subprocess
import sys
import textwrap

import pyseccomp
import pytest

from autograder.sandbox import Sandbox
from autograder.sandbox.syscall_filter import REFUSED_CALLS, FilterUnavailable, write_filter
from tests.autograder.builders import needs_bwrap

KEY_SPEC_USER_KEYRING = -4


def call_numbers() -> dict[str, int]:
    return {name: pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, name) for name in REFUSED_CALLS}


PROBE = """
    import ctypes, json
    libc = ctypes.CDLL(None, use_errno=True)
    numbers = {numbers!r}
    results = {{}}
    results["add_key"] = libc.syscall(numbers["add_key"], b"user", b"leak", b"reference source", 16, {keyring})
    results["add_key_errno"] = ctypes.get_errno()
    results["keyctl"] = libc.syscall(numbers["keyctl"], 0, {keyring}, 0)  # KEYCTL_GET_KEYRING_ID
    results["keyctl_errno"] = ctypes.get_errno()
    results["request_key"] = libc.syscall(numbers["request_key"], b"user", b"leak", None, 0)
    results["request_key_errno"] = ctypes.get_errno()
    try:
        results["proc_keys"] = open("/proc/keys").read()
    except OSError as exc:
        results["proc_keys"] = type(exc).__name__
    print(json.dumps(results))
"""


@needs_bwrap
def test_kernel_key_calls_fail_with_eperm_inside_the_sandbox():
    """add_key, keyctl and request_key all answer EPERM, so no key is written for another sandbox."""
    code = textwrap.dedent(PROBE.format(numbers=call_numbers(), keyring=KEY_SPEC_USER_KEYRING))
    with Sandbox() as sandbox:
        done = subprocess.run(
            sandbox.wrap([sys.executable, "-c", code]), capture_output=True, text=True, timeout=60, check=False
        )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert {name: results[name] for name in REFUSED_CALLS} == dict.fromkeys(REFUSED_CALLS, -1)
    assert {name: results[f"{name}_errno"] for name in REFUSED_CALLS} == dict.fromkeys(REFUSED_CALLS, errno.EPERM)
    assert "leak" not in results["proc_keys"]


def test_the_filter_program_is_written(tmp_path):
    """The exported BPF program is whole instructions (8 bytes each), ready for bwrap --seccomp."""
    path = tmp_path / "filter.bpf"
    write_filter(path)
    size = path.stat().st_size
    assert size > 0 and size % 8 == 0, size


@pytest.fixture
def without_libseccomp(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyseccomp", None)  # import now raises ImportError


def test_a_missing_libseccomp_is_a_clear_reason(tmp_path, without_libseccomp):
    """Without libseccomp the error names the library and the package that provides it."""
    with pytest.raises(FilterUnavailable, match="libseccomp2"):
        write_filter(tmp_path / "filter.bpf")
