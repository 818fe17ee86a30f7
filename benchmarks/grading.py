"""How fast grading is, as ratios measured in one run.

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

    python -m benchmarks.grading [--exercise shopping_cart] [--batch 40] [--rounds 3] [--baseline REV]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="shopping_cart")
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", help="git revision to compare the quality check with (default: before pytest)")
    args = parser.parse_args()
    solution = ROOT / "solutions" / f"{args.exercise}.ipynb"

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
