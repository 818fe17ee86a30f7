"""Files replaced whole: a reader, or a crash mid-write, sees the old file or the new one, never half.

The new text goes to a temporary file beside the target, reaches the disk, and then takes the
target's place with ``os.replace``, which is atomic on one file system. Results, the cache and
the gradebook are all written this way.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["write_json_atomic", "write_text_atomic"]


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` (UTF-8, newlines as given), keeping the old file's permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    """Replace ``path`` by ``data`` as indented JSON (see ``write_text_atomic``)."""
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
