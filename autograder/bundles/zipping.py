"""Reproducible zips: the same files always make the same bytes, whatever the clock or umask says."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

__all__ = ["write_zip"]


# A fixed timestamp makes two builds of the same sources byte-identical zips.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def write_zip(folder: str | os.PathLike[str], archive: str | os.PathLike[str], *, root: str = "") -> Path:
    """Zip every file under ``folder`` (paths prefixed by ``root``), reproducibly; return the archive."""
    folder, archive = Path(folder), Path(archive)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(f"{root}/{relative}" if root else relative, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            bundle.writestr(info, path.read_bytes())
    return archive
