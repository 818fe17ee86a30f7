"""The mutation report of the sample app's critical code (a report, not a test).

``nox -s mutants`` runs mutmut over the modules ``[tool.mutmut] only_mutate`` in pyproject.toml
names (the same list the coverage gate of ``nox -s tests`` reads), then this module: it asks
mutmut for every mutant's status, prints one row per module, shows the diff of each mutant the
sample suite let live, and exits 1 when there is one. A mutant is a small change to the code
(``>`` for ``>=``, ``None`` for an argument, a deleted call); one that survives is a change no test
noticed, so either a test is missing or the mutant changes nothing a caller can see, and then the
code is rewritten so that nothing invisible is left to mutate (a named constant, with a comment
giving the reason, where a value's every change is invisible).

mutmut 3 does not mutate decorated functions (it would have to copy them, and copying a Flask view
registers its route twice), so the views and flask-jwt-extended's loaders are outside its reach.
The report lists them under the table, so nobody reads "all killed" as "all of it tested".

    python -m devtools.mutants        # after `python -m mutmut run`
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

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


def decorated_functions(source: str) -> list[str]:
    """The functions mutmut leaves alone: decorated, except by ``staticmethod`` or ``classmethod``.

    At any depth: the ``functools.wraps`` wrapper inside a plain decorator factory such as
    ``admin_required`` is skipped too, although the function around it is mutated. Nested names
    are qualified (``admin_required.wrapped_view``); what a skipped function holds goes with it.
    """
    skipped = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [decorator.id for decorator in child.decorator_list if isinstance(decorator, ast.Name)]
                if child.decorator_list and names not in (["staticmethod"], ["classmethod"]):
                    skipped.append(prefix + child.name)
                else:
                    visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return skipped


PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def mutated_paths() -> list[str]:
    """``[tool.mutmut] only_mutate``: the critical code, relative to the repository root."""
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["mutmut"]["only_mutate"]


def module_of(mutant: str) -> str:
    """``sample_app.api.uploads.x_api_caller__mutmut_2`` -> ``sample_app/api/uploads.py``."""
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

    out_of_reach = {path: decorated_functions(Path(path).read_text(encoding="utf-8")) for path in mutated_paths()}
    out_of_reach = {path: names for path, names in out_of_reach.items() if names}
    if out_of_reach:
        count = sum(len(names) for names in out_of_reach.values())
        functions = "function" if count == 1 else "functions"
        print(f"\nNot mutated, because mutmut 3 skips decorated functions: {count} {functions}")
        for path, names in out_of_reach.items():
            print(f"  {path}: {', '.join(names)}")

    alive = sorted(mutant for mutant, status in found.items() if status != "killed")
    for mutant in alive:
        # mutmut's diff starts with its own "# <name>: <status>" line.
        print("\n" + subprocess.run([*MUTMUT, "show", mutant], capture_output=True, text=True).stdout)
    if alive:
        if total == 1:
            counted = "The one mutant was"
        else:
            counted = f"{len(alive)} of {total} mutants {'was' if len(alive) == 1 else 'were'}"
        print(f"{counted} not killed; each diff above is a change no test noticed.", file=sys.stderr)
        return 1
    print("The one mutant was killed." if total == 1 else f"All {total} mutants were killed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
