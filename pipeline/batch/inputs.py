"""The inputs of a run: every page under the input folder, its sidecar, and its bytes and hash."""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

INPUT_SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text"}


@dataclass
class InputFile:
    path: Path
    article_id: str        # path relative to the input folder, no extension, "/" separators
    kind: str              # html | text
    data: bytes | None = None    # the page bytes, when already read (they travel with the task)
    meta: dict | None = None     # the sidecar, when already read

    @property
    def sidecar(self) -> Path:
        return self.path.with_suffix(".json")



def discover_inputs(input_dir: str | Path) -> Iterator[InputFile]:
    """Every *.html, *.htm, *.txt under the folder, recursively, in a stable order, streamed
    (one directory listing at a time). Hidden files and folders are ignored. When two files
    give the same article_id (a.html and a.txt), the first by suffix order is used."""
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        seen: dict[str, str] = {}
        for name in sorted(filenames, key=lambda n: (os.path.splitext(n)[0], _suffix_rank(n))):
            stem, suffix = os.path.splitext(name)
            kind = INPUT_SUFFIXES.get(suffix.lower())
            if not kind or name.startswith("."):
                continue
            path = here / name
            if stem in seen:
                log.warning("%s: ignored, %s has the same article id", path, seen[stem])
                continue
            seen[stem] = name
            yield InputFile(path=path, article_id=path.relative_to(root).with_suffix("").as_posix(), kind=kind)


def _suffix_rank(name: str) -> int:
    suffix = os.path.splitext(name)[1].lower()
    return list(INPUT_SUFFIXES).index(suffix) if suffix in INPUT_SUFFIXES else len(INPUT_SUFFIXES)


def count_inputs(input_dir: str | Path) -> int:
    """How many inputs a run will see (names only, no stat): the progress bar's total."""
    return sum(1 for _ in discover_inputs(input_dir))


def read_sidecar(item: InputFile) -> dict:
    """Fetch metadata saved by `newsx scrape` beside the page ({} when there is none or it is unreadable)."""
    if item.meta is not None:
        return item.meta
    try:
        data = json.loads(item.sidecar.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def site_of(url: str, article_id: str) -> str:
    if url:
        return urlsplit(url).hostname or ""
    first = article_id.split("/", 1)[0]
    return first if "/" in article_id and "." in first else ""


def input_stat(item: InputFile) -> tuple[int, int]:
    st = item.path.stat()
    size, mtime = st.st_size, st.st_mtime_ns
    try:
        side = item.sidecar.stat()
        size, mtime = size + side.st_size + 1, max(mtime, side.st_mtime_ns)
    except OSError:
        pass
    return size, mtime


def read_input(item: InputFile) -> str:
    """Read the page (and sidecar) into the item; returns the input hash."""
    digest = hashlib.sha256()
    item.data = item.path.read_bytes()
    digest.update(item.data)
    try:
        side = item.sidecar.read_bytes()
    except OSError:
        side = None
    item.meta = {}
    if side is not None:
        digest.update(b"\0sidecar\0" + side)
        try:
            meta = json.loads(side.decode("utf-8"))
            item.meta = meta if isinstance(meta, dict) else {}
        except ValueError:
            pass
    return digest.hexdigest()
