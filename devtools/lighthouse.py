"""Lighthouse scores of the course site's pages (a report, not a test).

Builds the site, serves it on 127.0.0.1, runs Lighthouse 12 (installed from npm into
build/lighthouse on first use; it runs on Node 20) against every lesson page in Debian's
Chromium, and prints the four category scores with the course's targets. Exits 1 when a
page misses a target.

    python -m devtools.lighthouse [--pages 01-why-test 08-databases ...]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from devtools.browser import chromium_path, missing_chromium_message

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.8.2"
INSTALL_DIR = ROOT / "build" / "lighthouse"
TARGETS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run"


def lighthouse_bin() -> Path:
    binary = INSTALL_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(INSTALL_DIR),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        """Keep the report readable: no line per request."""


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def scores(binary: Path, url: str, chromium: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(TARGETS)],
            check=True, env={**os.environ, "CHROME_PATH": chromium},
        )
        categories = json.loads(report.read_text())["categories"]
    return {name: categories[name]["score"] for name in TARGETS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="lesson slugs (default: every lesson)")
    args = parser.parse_args()
    chromium = chromium_path()
    if chromium is None:
        print(missing_chromium_message(), file=sys.stderr)
        return 2
    binary = lighthouse_bin()
    lessons = args.pages or sorted(path.stem for path in (ROOT / "docs" / "lessons").glob("*.md"))
    with tempfile.TemporaryDirectory() as site:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", site],
                       cwd=ROOT, check=True)
        with served(Path(site)) as base:
            results = {lesson: scores(binary, f"{base}lessons/{lesson}/", chromium) for lesson in lessons}

    print(f"\n{'page':<28}" + "".join(f"{name:>16}" for name in TARGETS))
    missed = []
    for lesson, result in results.items():
        print(f"{lesson:<28}" + "".join(f"{result[name]:>16.2f}" for name in TARGETS))
        missed += [f"{lesson}: {name} {result[name]:.2f} < {TARGETS[name]}"
                   for name in TARGETS if result[name] < TARGETS[name]]
    print(f"{'target':<28}" + "".join(f"{TARGETS[name]:>16.2f}" for name in TARGETS))
    if missed:
        print("\nBelow target:\n  " + "\n  ".join(missed))
        return 1
    print("\nEvery page meets every target.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
