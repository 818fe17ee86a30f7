"""The maps in README.md and autograder/README.md name exactly the folders there are."""

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What a newcomer needs no map for: the licence, the guides and the tools' own settings files.
UNMAPPED = {".ci", ".github", ".gitignore", "CONTRIBUTING.md", "LICENSE", "README.md", "pyproject.toml",
            "requirements.txt", "mkdocs.offline.yml"}  # fmt: skip


def mapped(readme: Path, heading: str) -> set[str]:
    """The names in the first column of the table under ``heading`` (backticks and a trailing / dropped)."""
    text = readme.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in re.findall(r"^\| ([^|]+) \|", section, flags=re.M):
        names |= {name.rstrip("/") for name in re.findall(r"`([^`]+)`", row)}
    assert names, f"no table under '## {heading}' in {readme}"
    return names


def test_the_readme_maps_every_top_level_folder_and_file():
    """Each entry of the repository's root is in the README's table, and each entry there exists."""
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    top = {path.split("/", 1)[0] for path in tracked.splitlines()} - UNMAPPED
    assert mapped(REPO / "README.md", "What is where") == top


def test_the_graders_readme_maps_every_subpackage_and_top_module():
    """autograder/README.md's table lists each folder and each module beside __init__ and the command line."""
    package = REPO / "autograder"
    present = {path.name for path in package.iterdir() if path.is_dir() and path.name != "__pycache__"}
    present |= {path.name for path in package.glob("*.py")} - {"__init__.py", "__main__.py", "cli.py"}
    assert mapped(package / "README.md", "Where things are") == present
