"""Lighthouse scores of the course site's pages (a report, not a test).

Builds the site and runs Lighthouse CI (``@lhci/cli``, installed from npm into build/lhci on
first use; it runs on Node 20) against every lesson page, in the Chromium the browser tests use
(``devtools.browser``), with their flags. ``lhci collect`` serves the built folder itself, on
localhost with gzip as GitHub Pages does, and runs each page ``--runs`` times per form factor:
Lighthouse's default mobile emulation (slow 4G, CPU slowed 4x) and its desktop preset. The report
prints the median of each of the four category scores beside the course's targets, and the median
Total Blocking Time (the main-thread time in long tasks that performance mostly hangs on), and exits 1
when a page misses a target. ``--reports DIR`` keeps Lighthouse's JSON reports, to read the rest.

    python -m devtools.lighthouse [--pages 01-why-test 08-databases ...] [--runs 3] [--form-factors mobile]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

from devtools.browser import chromium_flags, chromium_path, missing_chromium_message

ROOT = Path(__file__).resolve().parent.parent
LHCI_VERSION = "0.15.1"
INSTALL_DIR = ROOT / "build" / "lhci"
TARGETS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}
# Not launch_chromium(): Lighthouse starts (and restarts) Chrome itself for each run, through
# chrome-launcher, so it is handed the executable and the course's flags instead of a browser.
CHROME_FLAGS = " ".join(chromium_flags())


def lhci_bin() -> Path:
    binary = INSTALL_DIR / "node_modules" / ".bin" / "lhci"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(INSTALL_DIR), f"@lhci/cli@{LHCI_VERSION}"],
            check=True,
        )
    return binary


FORM_FACTORS = {"mobile": [], "desktop": ["--settings.preset=desktop"]}
TBT = "TBT ms"


def collect(
    binary: Path, site: Path, lessons: list[str], runs: int, chromium: str, form_factor: str, reports: Path | None
) -> dict[str, dict[str, float]]:
    """Run ``lhci collect`` on the lesson pages; return the median category scores and TBT per lesson."""
    with tempfile.TemporaryDirectory() as work:
        command = [
            str(binary),
            "collect",
            f"--staticDistDir={site}",
            f"--numberOfRuns={runs}",
            f"--chromePath={chromium}",
            f"--settings.chromeFlags={CHROME_FLAGS}",
            "--settings.onlyCategories=" + ",".join(TARGETS),
            *FORM_FACTORS[form_factor],
        ]
        command += [f"--url=http://localhost/lessons/{lesson}/" for lesson in lessons]
        # lhci writes its reports to .lighthouseci/ in the working folder: keep them out of the repository.
        subprocess.run(command, cwd=work, check=True, env={**os.environ, "CHROME_PATH": chromium})
        found: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        for report in sorted(Path(work, ".lighthouseci").glob("lhr-*.json")):
            result = json.loads(report.read_text(encoding="utf-8"))
            lesson = urlparse(result["requestedUrl"]).path.strip("/").removeprefix("lessons/")
            for name in TARGETS:
                found[lesson][name].append(result["categories"][name]["score"])
            found[lesson][TBT].append(result["audits"]["total-blocking-time"]["numericValue"])
            if reports is not None:
                reports.mkdir(parents=True, exist_ok=True)
                shutil.copy(report, reports / f"{form_factor}-{lesson}-{report.name}")
    return {lesson: {name: statistics.median(values) for name, values in found[lesson].items()} for lesson in lessons}


def find_chromium() -> str | None:
    """The Chromium the browser tests would use, Playwright's download included (macOS, Windows)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return chromium_path(playwright)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="lesson slugs (default: every lesson)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is reported")
    parser.add_argument("--form-factors", nargs="+", choices=list(FORM_FACTORS), default=list(FORM_FACTORS))
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports in this folder")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print(missing_chromium_message(), file=sys.stderr)
        return 2
    binary = lhci_bin()
    lessons = args.pages or sorted(path.stem for path in (ROOT / "docs" / "lessons").glob("*.md"))
    with tempfile.TemporaryDirectory() as site:
        # NO_MKDOCS_2_WARNING: Material's end-of-life banner would bury the report.
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", site],
            cwd=ROOT,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        results = {
            form_factor: collect(binary, Path(site), lessons, args.runs, chromium, form_factor, args.reports)
            for form_factor in args.form_factors
        }

    print(f"\nMedian of {args.runs} run(s) per page, load average {os.getloadavg()[0]:.1f}")
    missed = []
    for form_factor, pages in results.items():
        print(f"\n{form_factor:<28}" + "".join(f"{name:>16}" for name in TARGETS) + f"{TBT:>10}")
        for lesson, result in pages.items():
            print(f"{lesson:<28}" + "".join(f"{result[name]:>16.2f}" for name in TARGETS) + f"{result[TBT]:>10.0f}")
            missed += [
                f"{lesson} ({form_factor}): {name} {result[name]:.2f} < {TARGETS[name]}"
                for name in TARGETS
                if result[name] < TARGETS[name]
            ]
        print(f"{'target':<28}" + "".join(f"{TARGETS[name]:>16.2f}" for name in TARGETS))
    if missed:
        print("\nBelow target:\n  " + "\n  ".join(missed))
        return 1
    print("\nEvery page meets every target.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
