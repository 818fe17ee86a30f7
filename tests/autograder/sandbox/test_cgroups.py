"""The sandbox's control group: memory, CPU and processes counted for the whole tree, then removed."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.sandbox import Sandbox, SandboxLimits, cgroups
from autograder.sandbox.cgroups import CgroupLimits, CgroupUnavailable, SandboxCgroup
from autograder.sandbox.limits import MiB
from autograder.sandbox.mode import running_in_ci
from tests.autograder.builders import children_filling_memory, memfd_hoard, needs_bwrap

needs_cgroups = pytest.mark.skipif(
    bool(cgroups.available()) and not running_in_ci(),
    reason=f"no cgroup for sandboxes here: {cgroups.available()} (in CI this fails instead)",
)

SMALL = SandboxLimits(memory=192 * MiB)


def run_in_sandbox(code: str, limits: SandboxLimits = SMALL) -> tuple[subprocess.CompletedProcess, bool, list[Path]]:
    """Run ``code`` in a sandbox; return the process, whether the memory limit was hit, the group's folders."""
    with Sandbox(limits) as sandbox:
        assert sandbox.cgroup is not None, "the sandbox has no cgroup"
        folders = list(sandbox.cgroup.folders)
        done = subprocess.run(
            sandbox.wrap([sys.executable, "-c", textwrap.dedent(code)]),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return done, sandbox.memory_limit_hit(), folders


@needs_bwrap
@needs_cgroups
def test_sandboxed_processes_are_in_the_sandboxs_group_which_is_removed_after():
    """The command joins its own group (every controller); closing the sandbox removes the group."""
    done, _, folders = run_in_sandbox("print(open('/proc/self/cgroup').read())")
    assert done.returncode == 0, done.stderr
    name = folders[0].name
    assert name.startswith(f"autograder-{os.getpid()}-")
    assert all(folder.name == name for folder in folders)
    assert not any(folder.exists() for folder in folders)


@needs_bwrap
@needs_cgroups
def test_memfd_pages_count_against_the_sandbox_memory():
    """Memory written into memfd files, which RLIMIT_AS does not see, stops at the cgroup's limit."""
    done, limit_hit, _ = run_in_sandbox(memfd_hoard(40, 16))
    assert "hoarded" not in done.stdout
    assert done.returncode != 0 and limit_hit, (done.returncode, done.stderr[-500:])


@needs_bwrap
@needs_cgroups
def test_children_filling_memory_together_are_stopped():
    """Eight children of 64 MiB each (each far under the per-process limit) exceed the sandbox's 192 MiB."""
    done, limit_hit, _ = run_in_sandbox(children_filling_memory(8, 64))
    assert limit_hit, done.stderr[-500:]
    assert "all 8 children held" not in done.stderr, done.stderr[-500:]


@needs_bwrap
@needs_cgroups
def test_the_real_group_holds_the_sandboxs_limits():
    """The kernel's own files of the group read back the memory, CPU quota and process limits."""
    limits = SandboxLimits(memory=192 * MiB, cpus=1.0, processes=100)
    with Sandbox(limits) as sandbox:
        group = sandbox.cgroup
        assert group is not None
        by_name = {
            file.name: file.read_text().strip()
            for folder in group.folders
            for file in folder.iterdir()
            if file.name in {"memory.limit_in_bytes", "memory.max", "cpu.cfs_quota_us", "cpu.max", "pids.max"}
        }
    if group.version == 1:
        assert by_name == {"memory.limit_in_bytes": str(192 * MiB), "cpu.cfs_quota_us": "100000", "pids.max": "116"}
    else:
        assert by_name == {"memory.max": str(192 * MiB), "cpu.max": "100000 100000", "pids.max": "116"}


def fake_proc(tmp_path: Path, cgroup: str, mountinfo: str) -> Path:
    proc = tmp_path / "proc"
    proc.mkdir()
    (proc / "cgroup").write_text(cgroup)
    (proc / "mountinfo").write_text(mountinfo)
    return proc


def fake_v2(tmp_path: Path, delegated: str) -> tuple[Path, Path]:
    """A unified hierarchy whose grader's group delegates ``delegated``; its folder and the fake /proc."""
    own = tmp_path / "unified" / "grader.scope"
    own.mkdir(parents=True)
    (own / "cgroup.subtree_control").write_text(delegated + "\n")
    mountinfo = f"30 1 0:26 / {tmp_path / 'unified'} rw,relatime - cgroup2 cgroup2 rw\n"
    return own, fake_proc(tmp_path, "0::/grader.scope\n", mountinfo)


def test_a_v2_group_is_made_under_the_graders_delegated_group(tmp_path):
    """On cgroup v2 one folder holds memory.max, cpu.max and pids.max, under the grader's own group."""
    own, proc = fake_v2(tmp_path, delegated="cpu memory pids")
    group = SandboxCgroup(CgroupLimits(memory=256 * MiB, cpus=1.5, processes=50), proc=proc)
    (folder,) = group.folders
    assert folder.parent == own
    assert (folder / "memory.max").read_text() == str(256 * MiB)
    assert (folder / "cpu.max").read_text() == "150000 100000"
    assert (folder / "pids.max").read_text() == "50"
    assert group.procs_files == [folder / "cgroup.procs"]


def test_a_v2_group_without_delegated_controllers_is_refused_with_the_reason(tmp_path):
    """A v2 group that does not delegate memory, cpu and pids gives a sentence naming what is missing."""
    _, proc = fake_v2(tmp_path, delegated="memory")
    with pytest.raises(CgroupUnavailable, match="does not delegate cpu, pids"):
        SandboxCgroup(CgroupLimits(memory=MiB, cpus=1, processes=10), proc=proc)


def test_v1_groups_are_made_per_controller_and_stale_ones_swept(tmp_path):
    """On v1 each controller gets its own folder with its limits; empty groups of dead graders go."""
    mounts, lines = {}, []
    for number, controller in enumerate(("memory", "cpu", "pids"), start=1):
        mounts[controller] = tmp_path / controller
        (mounts[controller] / "job").mkdir(parents=True)
        lines.append(f"{20 + number} 1 0:{number} / {mounts[controller]} rw - cgroup cgroup rw,{controller}")
    stale = mounts["memory"] / "job" / "autograder-999999999-1"
    stale.mkdir()
    proc = fake_proc(tmp_path, "4:memory:/job\n3:cpu,cpuacct:/job\n2:pids:/job\n", "\n".join(lines) + "\n")
    group = SandboxCgroup(CgroupLimits(memory=64 * MiB, cpus=0.5, processes=20), proc=proc)
    memory, cpu, pids = group.folders
    assert (memory / "memory.limit_in_bytes").read_text() == str(64 * MiB)
    assert (cpu / "cpu.cfs_quota_us").read_text() == "50000"
    assert (pids / "pids.max").read_text() == "20"
    assert not stale.exists()


def test_no_hierarchy_at_all_is_a_clear_reason(tmp_path):
    """Without any cgroup mount, the reason says which controllers are missing."""
    proc = fake_proc(tmp_path, "0::/\n", "")
    with pytest.raises(CgroupUnavailable, match="memory, cpu and pids"):
        SandboxCgroup(CgroupLimits(memory=MiB, cpus=1, processes=10), proc=proc)
