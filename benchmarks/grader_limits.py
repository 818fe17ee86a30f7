"""What the grader's limits cost and hold, as ratios measured in one run.

1. Grading one reference solution with this revision vs the revision before the sandbox got its
   cgroup, seccomp filter, own grading process and sized kernel messages (``--baseline REV``),
   alternating (what the separation costs per submission).
2. The grader's peak memory (its own process, where the hidden tests and the notebook client
   run) for notebooks that flood output, against a small notebook (target: under 512 MiB each).
3. The memory a sandbox's processes hold at their peak when a notebook hoards memfd pages and
   forks children that fill memory, against the 1 GiB a sandbox may grow the host by.

    python -m benchmarks.grader_limits [--exercise shopping_cart] [--rounds 3] [--baseline REV]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.grading import checkout, tree_grade_seconds

ROOT = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024

FLOODS = {
    "a small notebook": [],
    "60 displays of 20 MiB": [
        (
            "from IPython.display import display\nfor _ in range(60):\n"
            "    display({'text/plain': 'x' * (20 * 1024 * 1024)}, raw=True)"
        )
    ],
    "8 displays of 200 MB": [
        (
            "from IPython.display import display\nfor _ in range(8):\n"
            "    display({'text/plain': 'x' * 200_000_000}, raw=True)"
        )
    ],
    "2,000 cells of 240 kB": ["print('x' * 240_000)"] * 2000,
}

# Runs in a fresh interpreter: grade one notebook in this process, print the peak resident size.
PEAK_GRADER = """
import json, resource, sys
from pathlib import Path
from autograder.grading.submission import grade_file
result = grade_file(Path(sys.argv[1]))
print(json.dumps({"peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "score": result["score"]}))
"""

SANDBOX_PEAK = """
import json, subprocess, sys
from autograder.sandbox import Sandbox
from tests.autograder.builders import children_filling_memory, memfd_hoard
peaks = {}
for name, code in (("40 memfd files of 20 MiB", memfd_hoard(40, 20)),
                   ("8 children of 200 MiB", children_filling_memory(8, 200))):
    with Sandbox() as sandbox:
        subprocess.run(sandbox.wrap([sys.executable, "-c", code]), capture_output=True, check=False)
        peaks[name] = sandbox.cgroup.peak_memory() if sandbox.cgroup else None
print(json.dumps(peaks))
"""


def flooding_notebook(exercise: str, cells: list[str], folder: Path) -> Path:
    """The exercise's solution with ``cells`` run before its app cells."""
    import nbformat

    notebook = nbformat.read(str(ROOT / "solutions" / f"{exercise}.ipynb"), as_version=4)
    notebook.cells[:0] = [nbformat.v4.new_code_cell(source) for source in cells]
    path = folder / f"{exercise}.ipynb"
    nbformat.write(notebook, str(path))
    return path


def grader_peak_mib(notebook: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PEAK_GRADER, str(notebook)], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def default_baseline() -> str:
    """The revision just before the sandboxes got their cgroup (and the rest of the second round)."""
    added = subprocess.run(
        ["git", "log", "-1", "--diff-filter=A", "--format=%H", "--", "autograder/sandbox/cgroups.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{added}^"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="shopping_cart")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", help="git revision to compare with (default: before the cgroups)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        single = work / "single"
        single.mkdir()
        shutil.copy(ROOT / "solutions" / f"{args.exercise}.ipynb", single / "reference.ipynb")
        baseline = checkout(args.baseline or default_baseline(), work / "baseline")
        times: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(args.rounds):  # alternate, so both see the same machine
            for label, tree in (("before", baseline), ("after", ROOT)):
                times[label].append(tree_grade_seconds(tree, single))

        peaks: dict[str, dict] = {}
        for name, cells in FLOODS.items():
            folder = work / f"flood-{len(peaks)}"
            folder.mkdir()
            peaks[name] = grader_peak_mib(flooding_notebook(args.exercise, cells, folder))

    sandbox_peaks = json.loads(
        subprocess.run(
            [sys.executable, "-c", SANDBOX_PEAK], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
    )
    before, after = min(times["before"]), min(times["after"])
    print(f"\nGrader limits ({args.exercise}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    print(
        f"  grade one solution: before {before:.2f} s, after {after:.2f} s -> {after / before:.2f}x, "
        f"best of {args.rounds} (the cost of the second round's separation)"
    )
    small = peaks["a small notebook"]["peak_mib"]
    for name, peak in peaks.items():
        print(
            f"  grader peak memory, {name}: {peak['peak_mib']:.0f} MiB -> {peak['peak_mib'] / small:.2f}x "
            f"a small notebook's, {peak['peak_mib'] / 512:.2f} of the 512 MiB target (score {peak['score']:g})"
        )
    for name, peak in sandbox_peaks.items():
        shown = "no cgroup here" if peak is None else f"{peak / MiB:.0f} MiB -> {peak / (1024 * MiB):.2f} of 1 GiB"
        print(f"  sandbox peak memory, {name}: {shown}")


if __name__ == "__main__":
    main()
