"""The resource limits of one sandbox: per process (``prlimit``) and for the whole tree (its cgroup)."""

from __future__ import annotations

from dataclasses import dataclass

from autograder.sandbox.cgroups import CgroupLimits
from autograder.sandbox.cgroups import available as cgroup_problem
from autograder.sandbox.mode import SandboxUnavailable, sandbox_mode

__all__ = ["GiB", "MiB", "SandboxLimits", "limits_summary"]


GiB = 1024**3


MiB = 1024**2


@dataclass(frozen=True)
class SandboxLimits:
    """Resource limits for one sandboxed process tree."""

    # An idle ipykernel already reserves about 0.8 GiB of address space.
    address_space: int = 2 * GiB
    cpu_seconds: int = 600
    processes: int = 128
    file_size: int = 64 * MiB
    open_files: int = 256
    tmp_size: int = 256 * MiB
    # For the whole sandbox, in its cgroup (where the machine allows one): memory counts every
    # page its processes touch, memfd and /dev/shm included; the CPU share is a quota, in cores.
    memory: int = 768 * MiB
    cpus: float = 1.0

    def cgroup_limits(self) -> CgroupLimits:
        """The limits of the sandbox's cgroup (process count: the rlimit's, and the wrapper's few)."""
        return CgroupLimits(memory=self.memory, cpus=self.cpus, processes=self.processes + 16)

    def describe(self, cgroup_problem: str) -> str:
        """One line for the run's summary: which limits hold for each sandbox, and where.

        ``cgroup_problem`` is why sandboxes get no cgroup here (``""`` when they do).
        """
        per_process = f"per process {self.address_space // MiB} MiB address space, {self.cpu_seconds} CPU s"
        if cgroup_problem:
            return f"limits: {per_process} only (no cgroup: {cgroup_problem})"
        return (
            f"limits: {self.memory // MiB} MiB memory, {self.cpus:g} CPU, {self.cgroup_limits().processes} "
            f"processes per sandbox (cgroup); {per_process}"
        )

    def prlimit_args(self) -> list[str]:
        """The ``prlimit`` options that enforce these limits."""
        return [
            f"--as={self.address_space}",
            f"--cpu={self.cpu_seconds}",
            f"--nproc={self.processes}",
            f"--fsize={self.file_size}",
            f"--nofile={self.open_files}",
            "--core=0",
        ]


def limits_summary(limits: SandboxLimits) -> str:
    """The run summary's line on limits, for the sandbox mode of this machine (see ``SandboxLimits.describe``)."""
    try:
        mode = sandbox_mode()
    except SandboxUnavailable as exc:
        return f"limits: none apply, no sandbox can be made ({exc})"
    return limits.describe(cgroup_problem() if mode == "bwrap" else "there is no bubblewrap sandbox")
