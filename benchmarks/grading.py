"""How fast grading is, as ratios measured in one run, and where one grade's time goes.

0. Where the time goes (``--stages`` prints only this): one reference solution graded in this
   process with the default limits and the real sandbox, a recorder active
   (``autograder.grading.stages``), as a table of stages: when each started (seconds after
   ``grade_file`` was called) and ended, so the stages that ran side by side show; its wall
   seconds; the grader process's CPU seconds meanwhile (all threads, so concurrent stages share
   them); and the CPU seconds of the stage's sandboxed processes (their cgroup's ``cpu.stat``,
   or ``/proc`` of the sandbox uid's processes where the cgroup does not count CPU). The quality
   check's slots come one row each, then as totals for the reference runs and the mutants.
1. Grading one reference solution end to end (sandboxed kernel, hidden suite, every
   mutant) vs merely executing it with ``jupyter nbconvert --to notebook --execute``
   (target ≤ 1.5×).
2. A batch of submissions (``--batch``, default 40) graded with ``--jobs 2`` vs ``--jobs 1``
   (target ≥ 1.8× on two cores).
3. The learner's self-check, ``check()``, in a warm kernel (target ≤ 1 s).
4. Against a baseline revision of the grader (``--baseline REV``; by default the last one whose
   quality check ran learner tests with the small imitation runner instead of pytest): the
   quality check alone and the whole grade of one solution, before and after, alternating
   (target: the whole grade ≤ 1.2× the baseline's).

    python -m benchmarks.grading [--exercise shopping_cart] [--batch 40] [--rounds 3] [--baseline REV] [--stages]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.grading.stages import StageRecord

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float | None  # seconds the machine's cores were busy meanwhile (Linux), whoever used them

    @property
    def cores_busy(self) -> float | None:
        return None if self.cpu is None else self.cpu / self.wall


def busy_cpu_seconds() -> float | None:
    """Seconds all cores have spent busy since boot, from /proc/stat (None elsewhere).

    Machine-wide on purpose: the grader's worker processes and sandboxed kernels are not all
    waited-for children of this process, so getrusage(RUSAGE_CHILDREN) would miss most of them.
    Other work on the machine counts too, so run the benchmark on a quiet one.
    """
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None
    idle, iowait = fields[3], fields[4]
    return (sum(fields[:8]) - idle - iowait) / os.sysconf("SC_CLK_TCK")


def timed(command: list[str]) -> Timing:
    busy_before = busy_cpu_seconds()
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    busy_after = busy_cpu_seconds()
    cpu = None if busy_before is None or busy_after is None else busy_after - busy_before
    return Timing(elapsed, cpu)


def wall(command: list[str]) -> float:
    return timed(command).wall


def grade_timing(folder: Path, jobs: int) -> Timing:
    return timed([sys.executable, "-m", "autograder", "grade", str(folder), "--jobs", str(jobs), "--no-cache"])


def grade_seconds(folder: Path, jobs: int) -> float:
    return grade_timing(folder, jobs).wall


def nbconvert_seconds(notebook: Path, out: Path) -> float:
    # --allow-errors: the self-check cell imports course_check, which only the learner bundle has.
    return wall(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--allow-errors",
            "--output",
            str(out),
            str(notebook),
        ]
    )


def warm_self_check_seconds(exercise: str, work: Path) -> float:
    """Run the solution's cells in a kernel started in a learner bundle, then time a second check()."""
    import nbformat
    from nbclient import NotebookClient

    bundle = work / "bundle"
    subprocess.run(
        [sys.executable, "-m", "autograder", "release", "--out", str(bundle), "--exercise", exercise],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    folder = bundle / "exercises"
    notebook = nbformat.read(ROOT / "solutions" / f"{exercise}.ipynb", as_version=4)
    notebook.cells = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and "self-check" not in cell.metadata.get("tags", [])
    ]
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "import time\nfrom course_check import check\n"
            f"check({exercise!r})\n"  # the first call warms imports and caches
            "_started = time.perf_counter()\n"
            f"check({exercise!r})\n"
            "print('SELF_CHECK_SECONDS', time.perf_counter() - _started)"
        )
    )
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    client.execute()
    for output in notebook.cells[-1].outputs:
        for line in output.get("text", "").splitlines():
            if line.startswith("SELF_CHECK_SECONDS"):
                return float(line.split()[1])
    raise RuntimeError("the self-check cell printed no timing")


QUALITY_TIMER = """
import sys, time
from autograder.grading import aio
from autograder.material.notebook import read_notebook, tagged_source
from autograder.grading.quality import measure_quality
from autograder.material.suite import load_suite
exercise = sys.argv[1]
suite = load_suite(exercise)
tests = tagged_source(read_notebook(f"solutions/{exercise}.ipynb").notebook, "tests")
started = time.perf_counter()
aio.run(measure_quality(tests, suite.reference_source, suite.mutated_sources(), suite.app_config))
print(time.perf_counter() - started)
"""


def default_baseline() -> str:
    """The revision just before the imitation runner was deleted."""
    deleted = subprocess.run(
        ["git", "log", "-1", "--diff-filter=D", "--format=%H", "--", "autograder/runtime/runner.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not deleted:
        raise SystemExit("no baseline: autograder/runtime/runner.py was never deleted here; pass --baseline REV")
    return f"{deleted}^"


def checkout(revision: str, folder: Path) -> Path:
    """The grader and the solutions of ``revision``, extracted into ``folder``."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", revision, "autograder", "solutions"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def quality_seconds(tree: Path, exercise: str) -> float:
    """The quality check of the solution's own tests, timed inside a grader tree."""
    out = subprocess.run(
        [sys.executable, "-c", QUALITY_TIMER, exercise], cwd=tree, check=True, capture_output=True, text=True
    ).stdout
    return float(out.split()[-1])


def tree_grade_seconds(tree: Path, folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(folder), "--no-cache"],
        cwd=tree,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _covered(records: list["StageRecord"], until: float) -> float:
    """Seconds of 0..until inside at least one stage."""
    covered, reached = 0.0, 0.0
    for record in sorted(records, key=lambda r: r.start):
        start, end = max(record.start, reached), min(record.end, until)
        if end > start:
            covered += end - start
        reached = max(reached, record.end)
    return covered


def stage_table(exercise: str) -> str:
    """Grade the exercise's reference solution in this process with a stage recorder; the table."""
    from autograder.grading.options import GradeOptions
    from autograder.grading.stages import PROC, recording, stage
    from autograder.grading.submission import grade_file
    from autograder.outputs.feedback import render_feedback

    solution = ROOT / "solutions" / f"{exercise}.ipynb"
    with recording() as recorder:
        cpu_before, busy_before = time.process_time(), busy_cpu_seconds()
        result = grade_file(solution, GradeOptions())
        total_wall = time.perf_counter() - recorder.origin
        total_cpu, busy_after = time.process_time() - cpu_before, busy_cpu_seconds()
        with stage("feedback page (render_feedback, as report does)"):
            render_feedback(result)
    if result["status"] != "graded":
        raise SystemExit(f"the solution was not graded: {result['reason']}")
    graded = [r for r in recorder.stages if r.start < total_wall]
    rows = sorted(recorder.stages, key=lambda r: r.start)
    width = max(len(r.name) for r in rows) + 2
    header = f"{'stage':<{width}}{'start':>7}{'end':>7}{'wall':>7}{'CPU grader':>12}{'CPU sandbox':>13}"
    sources = " and ".join(sorted(recorder.cpu_sources)) or "nowhere"
    title = (
        f"Where the time goes: {solution.relative_to(ROOT)} graded in-process once "
        f"(default limits, sandbox {result['sandbox']}, score {result['score']:g})"
    )
    lines = [
        title,
        "  start/end: seconds after grade_file was called; wall = end - start; stages overlap where they ran at once.",
        "  CPU grader: this process, all its threads, while the stage ran (concurrent stages count the same seconds).",
        f"  CPU sandbox: the stage's sandboxed processes, read from {sources}; '-': the stage names no sandbox.",
        *(["  (/proc: live processes and the children they waited for, so a lower bound)"] if PROC in sources else []),
        "",
        header,
        "-" * len(header),
    ]

    def row(name: str, start: str, end: str, wall: float, grader: float | None, sandbox: float | None) -> str:
        return f"{name:<{width}}{start:>7}{end:>7}{wall:>7.2f}{_seconds(grader):>12}{_seconds(sandbox):>13}"

    for r in rows:
        lines.append(row(r.name, f"{r.start:.2f}", f"{r.end:.2f}", r.wall, r.grader_cpu, r.sandbox_cpu))
    lines.append("-" * len(header))
    for label, prefix in (("reference runs", "quality: reference"), ("mutants", "quality: mutant")):
        group = [r for r in rows if r.name.startswith(prefix)]
        if group:
            sandbox = [r.sandbox_cpu for r in group if r.sandbox_cpu is not None]
            lines.append(
                row(
                    f"quality: {len(group)} {label}, total",
                    f"{min(r.start for r in group):.2f}",
                    f"{max(r.end for r in group):.2f}",
                    sum(r.wall for r in group),
                    sum(r.grader_cpu for r in group),
                    sum(sandbox) if sandbox else None,
                )
            )
    seen = [r.sandbox_cpu for r in graded if r.sandbox_cpu is not None]
    lines.append(row("grade_file, whole", "0.00", f"{total_wall:.2f}", total_wall, total_cpu, sum(seen)))
    lines.append(row("  of it in no stage", "", "", total_wall - _covered(graded, total_wall), None, None))
    busy = (total_cpu + sum(seen)) / total_wall
    lines.append(f"  cores busy on average while grading: {busy:.2f} (grader CPU + sandbox CPU the stages saw) / wall")
    if busy_before is not None and busy_after is not None:
        machine = busy_after - busy_before
        lines.append(f"  the whole machine's busy CPU meanwhile (/proc/stat, other work included): {machine:.2f} s")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="shopping_cart")
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", help="git revision to compare the quality check with (default: before pytest)")
    parser.add_argument("--stages", action="store_true", help="print only the table of one grade's stages")
    args = parser.parse_args()
    solution = ROOT / "solutions" / f"{args.exercise}.ipynb"
    # First, while no grade has run in this process: like a grading worker's first submission.
    print(stage_table(args.exercise), flush=True)
    if args.stages:
        return

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        single = work / "single"
        single.mkdir()
        shutil.copy(solution, single / "reference.ipynb")
        grade_times, convert_times = [], []
        for _ in range(args.rounds):  # alternate, so both see the same machine
            grade_times.append(grade_seconds(single, jobs=1))
            convert_times.append(nbconvert_seconds(solution, work / "executed.ipynb"))

        batch = work / "batch"
        batch.mkdir()
        starter = ROOT / "exercises" / f"{args.exercise}.ipynb"
        for number in range(args.batch):  # a class of mostly finished, some blank, notebooks
            shutil.copy(starter if number % 4 == 3 else solution, batch / f"learner{number:03}.ipynb")
        serial = grade_timing(batch, jobs=1)
        parallel = grade_timing(batch, jobs=2)

        self_check = warm_self_check_seconds(args.exercise, work)

        baseline = checkout(args.baseline or default_baseline(), work / "baseline")
        quality: dict[str, list[float]] = {"before": [], "after": []}
        whole: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(args.rounds):  # alternate, so both see the same machine
            for label, tree in (("before", baseline), ("after", ROOT)):
                quality[label].append(quality_seconds(tree, args.exercise))
                whole[label].append(tree_grade_seconds(tree, single))

    grade_best, convert_best = min(grade_times), min(convert_times)
    print(f"\nGrading benchmarks ({args.exercise}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    print(
        f"  grade one solution: {grade_best:.1f} s; nbconvert --execute: {convert_best:.1f} s "
        f"-> {grade_best / convert_best:.2f}x (target <= 1.5x), best of {args.rounds}"
    )
    print(
        f"  {args.batch} submissions: --jobs 1 {serial.wall:.1f} s, --jobs 2 {parallel.wall:.1f} s "
        f"-> {serial.wall / parallel.wall:.2f}x faster (target >= 1.8x)"
    )
    # One submission already runs its kernel, hidden tests and mutant runs side by side, so
    # --jobs 1 keeps more than one core busy; two jobs can at best fill the rest of the machine.
    if serial.cores_busy is not None and parallel.cores_busy is not None:
        ceiling = (os.cpu_count() or 1) / serial.cores_busy
        print(
            f"  cores busy on average: --jobs 1 {serial.cores_busy:.2f}, --jobs 2 {parallel.cores_busy:.2f} "
            f"of {os.cpu_count()}, so --jobs 2 can be at most {ceiling:.2f}x faster here"
        )
    print(f"  self-check in a warm kernel: {self_check:.2f} s (target <= 1 s)")
    q_before, q_after = min(quality["before"]), min(quality["after"])
    w_before, w_after = min(whole["before"]), min(whole["after"])
    print(
        f"  quality check of the solution's tests: before (imitation runner) {q_before:.2f} s, "
        f"after (pytest, two sandboxes) {q_after:.2f} s -> {q_after / q_before:.2f}x, best of {args.rounds}"
    )
    print(
        f"  grade one solution: before {w_before:.2f} s, after {w_after:.2f} s "
        f"-> {w_after / w_before:.2f}x (target <= 1.2x)"
    )


if __name__ == "__main__":
    main()
