"""The inputs of a run: every page under the input folder, its sidecar, and its bytes and hash."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

INPUT_SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text"}
DEFAULT_MAX_INPUT_MB = 50.0        # larger inputs are error rows, never read (`newsx run --max-input-mb`)
MAX_SIDECAR_BYTES = 1024 * 1024    # a scraper sidecar is a few hundred bytes


@dataclass
class InputFile:
    path: Path
    article_id: str        # path relative to the input folder, no extension, "/" separators
    kind: str              # html | text
    data: bytes | None = None    # the page bytes, when already read (they travel with the task)
    meta: dict | None = None     # the sidecar, when already read
    has_sidecar: bool | None = None    # known from the folder listing; None: not known, look
    refused: str = ""            # why it is not read at all (not a regular file, too large); "" when fine
    max_bytes: int | None = None   # the size it may have when read (it may grow after the check)

    @property
    def sidecar(self) -> Path:
        return self.path.with_suffix(".json")


def discover_inputs(input_dir: str | Path, on_error: Callable[[OSError], None] | None = None) -> Iterator[InputFile]:
    """Every *.html, *.htm, *.txt under the folder, recursively, in a stable order, streamed
    (one directory listing at a time): a folder's files by name, then its subfolders by name.
    Hidden files and folders are ignored, and so are links to folders. When two files give
    the same article_id (a.html and a.txt), the first by suffix order is used.
    `on_error` is told of each folder that cannot be listed (its error names the folder)."""
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    yield from _inputs_under(root, "", on_error)


def _inputs_under(here: Path, prefix: str, on_error: Callable[[OSError], None] | None = None
                  ) -> Iterator[InputFile]:
    # One listing per folder: it also says which pages have a sidecar, sparing a failed stat each.
    try:
        with os.scandir(here) as listing:
            entries = list(listing)
    except OSError as error:
        if on_error is not None:
            on_error(error)
        return
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
        yield from _inputs_under(here / folder, f"{prefix}{folder}/", on_error)


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
        data = json.loads(_read_regular(item.sidecar, MAX_SIDECAR_BYTES).decode("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def site_of(url: str, article_id: str) -> str:
    if url:
        return urlsplit(url).hostname or ""
    first = article_id.split("/", 1)[0]
    return first if "/" in article_id and "." in first else ""


def refusal(st: os.stat_result, max_bytes: int | None) -> str:
    """Why an input with this stat is not read at all; "" when it may be read."""
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        return f"not read: {kind}, not a regular file"
    if max_bytes is not None and st.st_size > max_bytes:
        return (f"not read: {st.st_size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:g} MB "
                "(--max-input-mb)")
    return ""


def _read_regular(path: Path, max_bytes: int | None) -> bytes:
    """The bytes of a regular file, at most `max_bytes`; OSError for anything else (opened without
    blocking, so a FIFO put in the file's place is refused instead of waited on)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        why = refusal(st, max_bytes)
        if why:
            raise OSError(why)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    finally:
        os.close(fd)
    if max_bytes is not None and len(data) > max_bytes:
        raise OSError(f"not read: grew over the limit of {max_bytes / 1e6:g} MB (--max-input-mb)")
    return data


def read_page_bytes(item: InputFile) -> bytes:
    return _read_regular(item.path, item.max_bytes)


def input_stat(item: InputFile) -> tuple[int, int]:
    """The input's size and mtime (page + sidecar), for the unchanged check; sets `item.refused`
    when the page is not a regular file or is over `item.max_bytes`."""
    st = os.stat(item.path)
    item.refused = refusal(st, item.max_bytes)
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
    if item.refused:
        raise OSError(item.refused)
    item.data = read_page_bytes(item)
    digest.update(item.data)
    try:
        side = _read_regular(item.sidecar, MAX_SIDECAR_BYTES) if item.has_sidecar is not False else None
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
