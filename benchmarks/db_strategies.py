"""Fresh database per test vs transaction rollback per test, on SQLite and PostgreSQL.

Runs the sample app's suite (browser test excluded) under each combination and
prints the time of the test loop and the ratios. The combinations take turns,
``--rounds`` times, and each keeps its fastest round: on a shared machine that
filters out most of the noise, and the turns spread what remains evenly.

    python -m benchmarks.db_strategies [--rounds 3] [--write docs/includes/db-strategy-benchmark.md]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from devtools.postgres import throwaway_server

ROOT = Path(__file__).resolve().parent.parent
DATABASES = ("sqlite", "postgresql")
STRATEGIES = ("fresh", "rollback")


def time_suite(strategy: str, database_url: str | None) -> tuple[float, int]:
    """Run the suite once; return the test loop's seconds and the number of tests."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "loop.json"
        env = {**os.environ, "LOOP_TIMER_OUTPUT": str(output)}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "sample_app/tests",
                "-m",
                "not e2e",
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "benchmarks.loop_timer",
                f"--db-strategy={strategy}",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        result = json.loads(output.read_text())
    return result["seconds"], result["tests"]


def measure(rounds: int) -> tuple[dict[tuple[str, str], float], int]:
    """Return the fastest loop time of each (database, strategy) and the number of tests."""
    best = {(database, strategy): float("inf") for database in DATABASES for strategy in STRATEGIES}
    tests = 0
    with throwaway_server() as postgres_url:
        urls = {"sqlite": None, "postgresql": postgres_url}
        for _ in range(rounds):
            for database, strategy in best:
                seconds, tests = time_suite(strategy, urls[database])
                best[(database, strategy)] = min(best[(database, strategy)], seconds)
    return best, tests


def report(best: dict[tuple[str, str], float], tests: int, rounds: int, load: float) -> str:
    lines = [
        (
            f"Measured by `nox -s bench` on {datetime.now(UTC):%Y-%m-%d}: the sample app's suite of {tests} tests, "
            f"{'one round' if rounds == 1 else f'fastest of {rounds} rounds'}, test loop only, on a 2-core machine "
            f"(load average {load:.1f} at the end of the run; above 2, other work was competing for the cores)."
        ),
        "",
        "| Database | Fresh database per test | Rollback per test | Fresh ÷ rollback |",
        "| --- | ---: | ---: | ---: |",
    ]
    for database in DATABASES:
        fresh, rollback = best[(database, "fresh")], best[(database, "rollback")]
        name = "SQLite (in memory)" if database == "sqlite" else "PostgreSQL 15"
        lines.append(f"| {name} | {fresh:.1f} s | {rollback:.1f} s | {fresh / rollback:.2f}× |")
    lines.append("")
    ratios = ", ".join(
        f"{strategy} {best[('postgresql', strategy)] / best[('sqlite', strategy)]:.2f}×" for strategy in STRATEGIES
    )
    lines.append(f"PostgreSQL ÷ SQLite: {ratios}.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", type=Path, help="also write the table as Markdown to this file")
    args = parser.parse_args()
    best, tests = measure(args.rounds)
    table = report(best, tests, args.rounds, os.getloadavg()[0])
    print("\nDatabase isolation strategies\n\n" + table)
    if args.write:
        args.write.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
