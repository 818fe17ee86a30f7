"""The mutation report of the sample app's critical code (a report, not a test).

``nox -s mutants`` runs mutmut over the modules ``[tool.mutmut] only_mutate`` in pyproject.toml
names (the same list the coverage gate of ``nox -s tests`` reads), then this module: it asks
mutmut for every mutant's status, prints one row per module, shows the diff of each mutant the
sample suite let live, and exits 1 when there is one. A mutant is a small change to the code
(``>`` for ``>=``, ``None`` for an argument, a deleted call); one that survives is a change no test
noticed, so either a test is missing or the mutant changes nothing a caller can see, and then the
code says so with a ``# pragma: no mutate`` and a comment giving the reason.

    python -m devtools.mutants        # after `python -m mutmut run`
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict

MUTMUT = [sys.executable, "-m", "mutmut"]


def statuses() -> dict[str, str]:
    """``{mutant name: status}`` for every mutant of the last run, as ``mutmut results --all`` lists them."""
    listing = subprocess.run([*MUTMUT, "results", "--all", "true"], check=True, capture_output=True, text=True)
    found = {}
    for line in listing.stdout.splitlines():
        name, separator, status = line.strip().rpartition(": ")
        if separator:
            found[name] = status
    return found


def module_of(mutant: str) -> str:
    """``sample_app.uploads.x_api_caller__mutmut_2`` -> ``sample_app/uploads.py``."""
    dotted = mutant.split("__mutmut_")[0].rsplit(".", 1)[0]
    return dotted.replace(".", "/") + ".py"


def main() -> int:
    found = statuses()
    if not found:
        print("mutmut reports no mutants: run `python -m mutmut run` first.", file=sys.stderr)
        return 1
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for mutant, status in found.items():
        by_module[module_of(mutant)][status] += 1
    width = max(len(module) for module in by_module)
    print(f"{'module':<{width}}  mutants  killed  not killed")
    for module, counts in sorted(by_module.items()):
        total = sum(counts.values())
        print(f"{module:<{width}}  {total:>7}  {counts['killed']:>6}  {total - counts['killed']:>10}")
    everything = Counter(found.values())
    total = len(found)
    print(f"{'total':<{width}}  {total:>7}  {everything['killed']:>6}  {total - everything['killed']:>10}")

    alive = sorted(mutant for mutant, status in found.items() if status != "killed")
    for mutant in alive:
        print(f"\n{mutant}: {found[mutant]}")
        print(subprocess.run([*MUTMUT, "show", mutant], capture_output=True, text=True).stdout)
    if alive:
        print(f"{len(alive)} of {total} mutants were not killed; each diff above is a change no test noticed.",
              file=sys.stderr)
        return 1
    print(f"All {total} mutants were killed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
