"""Fresh database per test vs transaction rollback per test, on SQLite and PostgreSQL.

Runs the sample app's suite (browser test excluded) under each combination and
prints the time of the test loop and the ratios. Each combination runs ``--rounds``
times and the fastest round counts, which filters out noise from a shared machine.

    python -m benchmarks.db_strategies [--rounds 3]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from devtools.postgres import throwaway_server

ROOT = Path(__file__).resolve().parent.parent


def time_suite(strategy: str, database_url: str | None, rounds: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "loop.json"
            env = {**os.environ, "LOOP_TIMER_OUTPUT": str(output)}
            env.pop("DATABASE_URL", None)
            if database_url:
                env["DATABASE_URL"] = database_url
            subprocess.run(
                [sys.executable, "-m", "pytest", "sample_app/tests", "-m", "not e2e", "-q",
                 "-p", "no:cacheprovider", "-p", "benchmarks.loop_timer", f"--db-strategy={strategy}"],
                cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
            )
            result = json.loads(output.read_text())
        best, count = min(best, result["seconds"]), result["tests"]
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds

    timings: dict[tuple[str, str], float] = {}
    tests = 0
    for strategy in ("fresh", "rollback"):
        timings[("sqlite", strategy)], tests = time_suite(strategy, None, rounds)
    with throwaway_server() as url:
        for strategy in ("fresh", "rollback"):
            timings[("postgresql", strategy)], _ = time_suite(strategy, url, rounds)

    print(f"\nDatabase isolation strategies: {tests} tests, best of {rounds} rounds (test loop only)")
    print(f"{'database':<12}{'fresh (s)':>12}{'rollback (s)':>14}{'fresh / rollback':>18}")
    for database in ("sqlite", "postgresql"):
        fresh, rollback = timings[(database, "fresh")], timings[(database, "rollback")]
        print(f"{database:<12}{fresh:>12.2f}{rollback:>14.2f}{fresh / rollback:>17.2f}x")
    for strategy in ("fresh", "rollback"):
        ratio = timings[("postgresql", strategy)] / timings[("sqlite", strategy)]
        print(f"PostgreSQL / SQLite with {strategy}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
