"""The seccomp filter every sandbox runs under: system calls that would open a channel out, refused.

Kernel keys (``add_key``, ``keyctl``, ``request_key``) live outside every namespace bubblewrap
makes: a key written in one sandbox can be read from ``/proc/keys`` in another, or by the next
learner's submission. The filter makes those calls fail with ``EPERM``, as a kernel without key
support would. libseccomp (through ``pyseccomp``) writes the BPF program; a call made through
another ABI than the machine's own (i386 or x32 on x86-64, where the numbers differ) is not
matched by number but stopped by libseccomp's bad-architecture action, which kills the process.
"""

from __future__ import annotations

import errno
from pathlib import Path

__all__ = ["REFUSED_CALLS", "FilterUnavailable", "write_filter"]

REFUSED_CALLS = ("add_key", "keyctl", "request_key")


class FilterUnavailable(RuntimeError):
    """libseccomp cannot be loaded here; the message says why."""


def write_filter(path: Path) -> None:
    """Write the BPF program of the sandbox's filter to ``path`` (for ``bwrap --seccomp FD``)."""
    try:
        import pyseccomp as seccomp  # loads libseccomp.so; only graders need it
    except (ImportError, OSError) as exc:
        raise FilterUnavailable(f"libseccomp could not be loaded ({exc}); install Debian's libseccomp2") from None
    syscall_filter = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in REFUSED_CALLS:
        syscall_filter.add_rule(seccomp.ERRNO(errno.EPERM), name)
    with path.open("wb") as file:
        syscall_filter.export_bpf(file)
