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
    has_sidecar: bool | None = None    # known from the folder listing; None: not known, look

    @property
    def sidecar(self) -> Path:
        return self.path.with_suffix(".json")


def discover_inputs(input_dir: str | Path) -> Iterator[InputFile]:
    """Every *.html, *.htm, *.txt under the folder, recursively, in a stable order, streamed
    (one directory listing at a time): a folder's files by name, then its subfolders by name.
    Hidden files and folders are ignored, and so are links to folders. When two files give
    the same article_id (a.html and a.txt), the first by suffix order is used."""
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    yield from _inputs_under(root, "")


def _inputs_under(here: Path, prefix: str) -> Iterator[InputFile]:
    # One listing per folder: it also says which pages have a sidecar, sparing a failed stat each.
    with os.scandir(here) as listing:
        entries = list(listing)
    names = {e.name for e in entries}
    folders = sorted(e.name for e in entries if not e.name.startswith(".") and _is_folder(e))
    files = [e.name for e in entries if not e.name.startswith(".") and not _is_dir(e)]
    pages = []
    for name in files:
        stem, dot, suffix = name.rpartition(".")
        kind = INPUT_SUFFIXES.get(dot + suffix.lower()) if stem else None
        if kind:
            pages.append((stem, _SUFFIX_RANK[dot + suffix.lower()], name, kind))
    seen: dict[str, str] = {}
    for stem, _, name, kind in sorted(pages):
        path = here / name
        if stem in seen:
            log.warning("%s: ignored, %s has the same article id", path, seen[stem])
            continue
        seen[stem] = name
        yield InputFile(path=path, article_id=prefix + stem, kind=kind, has_sidecar=stem + ".json" in names)
    for folder in folders:
        yield from _inputs_under(here / folder, f"{prefix}{folder}/")


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_folder(entry: os.DirEntry) -> bool:
    """A folder to walk into: a directory, not a link to one (as os.walk)."""
    return _is_dir(entry) and not entry.is_symlink()


_SUFFIX_RANK = {suffix: rank for rank, suffix in enumerate(INPUT_SUFFIXES)}


def count_inputs(input_dir: str | Path) -> int:
    """How many inputs a run will see (names only, no stat): the progress bar's total."""
    return sum(1 for _ in discover_inputs(input_dir))


def read_sidecar(item: InputFile) -> dict:
    """Fetch metadata saved by `newsx scrape` beside the page ({} when there is none or it is unreadable)."""
    if item.meta is not None:
        return item.meta
    if item.has_sidecar is False:
        return {}
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
    st = os.stat(item.path)
    size, mtime = st.st_size, st.st_mtime_ns
    if item.has_sidecar is False:
        return size, mtime
    try:
        side = os.stat(item.sidecar)
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
        side = item.sidecar.read_bytes() if item.has_sidecar is not False else None
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
