"""A cache of compiled regular expressions on disk, so start-up does not compile the rules again.

Why: the rule regexes expand lexicons of place names into patterns of thousands of CJK
characters, and Python spends much of every start-up (each `newsx run`, each worker
process) compiling them, most of it building character sets (`re._compiler`). The result
of that work depends only on the pattern, the flags and the Python, so it is kept:

    compile_regex(pattern, flags)  ->  re.Pattern, the same as re.compile(pattern, flags)

looks (pattern, flags) up in the cache file and, on a hit, builds the Pattern straight from
the stored arguments of `_sre.compile` (what `re._compiler.compile` calls once it has parsed
and compiled the pattern); on a miss it does that parsing and compiling itself and records
them. `save()` then writes the entries used by this process, with the file's other entries
while they are fewer (so the file does not grow without end with rule edits), when some were
missing, atomically (temporary file + rename).

The file lives in the user's cache folder ($NEWSX_CACHE_DIR, else $XDG_CACHE_HOME/newsx, else
~/.cache/newsx), is named after the Python and `_sre.MAGIC` (the regex engine's code format),
and is checked against both on load (and against a checksum): another Python ignores it.
Anything unexpected (no such internals, an unwritable folder, a damaged file, a probe pattern
that comes out different) falls back to plain `re.compile`: the cache can cost a compile,
never change a result. So does NEWSX_PLAIN=1 (pipeline.speedups.enabled).

The same file keeps what start-up derives from the rule patterns' text (their fast form, the
text their matches require, their first characters):

    remembered(name, key, compute, code)  ->  compute(), from the file when this key was seen

keyed by the name, the key (the pattern text and whatever else the result depends on) and a
digest of the code that computes it (the speedups package and the `code` file): an edit to that
code is a miss, never a stale result.
"""
from __future__ import annotations

import array
import hashlib
import hmac
import marshal
import os
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from pipeline import speedups
from pipeline.version import __version__

try:  # CPython's regex engine and its compiler (Python >= 3.11 names)
    import _sre
    from re import _compiler, _parser
except ImportError:  # another implementation or version: no cache
    _sre = _compiler = _parser = None

CACHE_DIR_ENV = "NEWSX_CACHE_DIR"
# Flags re.compile does more for (prints the code, warns): left to it.
_NOT_CACHED = re.DEBUG | getattr(re, "TEMPLATE", 0)
# Everything the stored code depends on: a file made by another Python or newsx is not read.
_FORMAT = 3
_PYTHON = (f"{sys.implementation.cache_tag}-{sys.version}-sre{getattr(_sre, 'MAGIC', 0)}-v{_FORMAT}"
           f"-newsx{__version__}")
# The file is sealed with a key kept beside it (made once, readable by its owner only): a file
# this process did not write -- copied in, or made by hand with the right checksum -- is a miss,
# never another pattern's code.
_KEY_NAME = "regex-cache.key"

# (pattern, flags) -> the arguments of _sre.compile after the pattern:
#   (flags, code, groups - 1, groupindex, indexgroup), the code as the bytes of an array of
#   _sre.CODESIZE-byte words (smaller than a list of ints, in the file and in memory).
_CODE_WORD = "I"
_stored: dict[tuple, tuple] | None = None     # read from the file (lazily, once)
_used: dict[tuple, tuple] = {}                # looked up or compiled by this process
_unsaved = False                               # _used has entries the file lacks
_DERIVED = "derived"                           # first item of a `remembered` entry's key
_MISSING = object()
T = TypeVar("T")


def cache_dir() -> Path:
    """The folder of newsx's caches: $NEWSX_CACHE_DIR, else $XDG_CACHE_HOME/newsx, else ~/.cache/newsx."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "newsx"
    return Path.home() / ".cache" / "newsx"


def cache_path() -> Path:
    """This Python's cache file (its name says which Python and regex engine made it)."""
    tag = f"{sys.implementation.cache_tag}-{sys.version_info.micro}-{getattr(_sre, 'MAGIC', 0)}"
    return cache_dir() / f"regex-{tag}.marshal"


def compile_regex(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """re.compile(pattern, flags), from the cache when this Python compiled it before."""
    global _unsaved
    if not (isinstance(pattern, (str, bytes)) and isinstance(flags, int)) or flags & _NOT_CACHED \
            or not speedups.enabled() or not _cache_usable():
        return re.compile(pattern, flags)
    key = (pattern, int(flags))      # a RegexFlag as a plain int: what the file can hold
    try:
        args = _used.get(key) or _read_cache().get(key)
        if args is None:
            args = _compile_args(pattern, key[1])
            _unsaved = True
        compiled = _build(pattern, args)
    except Exception:
        # A bad pattern (re.compile raises its own error) or internals that changed.
        return re.compile(pattern, flags)
    _used[key] = args
    return compiled


def remembered(name: str, key: tuple, compute: Callable[[], T], code: str) -> T:
    """compute() -- a pure function of `key` (strings, numbers, tuples of them) whose result
    marshal can store (str, bool, None, tuples, frozensets) -- kept in the cache file under
    (name, key, a digest of the speedups package's code and of the file `code`, the caller's
    __file__). Computed as such when the cache is off (NEWSX_PLAIN=1) or unusable."""
    global _unsaved
    if not speedups.enabled() or not _cache_usable():
        return compute()
    full_key = (_DERIVED, name, _code_digest(code), key)
    try:
        found = _used.get(full_key, _MISSING)
        if found is _MISSING:
            found = _read_cache().get(full_key, _MISSING)
    except TypeError:                 # an unhashable key: not kept
        return compute()
    if found is _MISSING:
        found = compute()
        try:
            marshal.dumps(found)
        except ValueError:
            return found
        _unsaved = True
    _used[full_key] = found
    return found


@lru_cache(maxsize=None)
def _code_digest(code: str) -> str:
    """A digest of the sources the derived results depend on: every module of the speedups
    package and the caller's file."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")) + [Path(code)]:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b"\0?")
    return digest.hexdigest()[:24]


def save() -> None:
    """Write the entries this process used (and the file's others while fewer, `_entries_to_keep`),
    if some were not in the file (silently skipped when the folder is not writable). Called once
    the rules are loaded and once the pipeline is built."""
    global _unsaved
    if not _unsaved:
        return
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)          # (the sealing key is made there)
        entries = marshal.dumps(_entries_to_keep())
        data = _file_bytes(_PYTHON, _seal(entries, _cache_key(create=True)), entries)
    except (OSError, ValueError):
        return
    if write_atomically(path, data):
        _unsaved = False


def write_atomically(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file and a rename, so a reader never sees half
    a file; False (silently) when the folder is not writable. For every file of newsx's cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


def _entries_to_keep() -> dict[tuple, tuple]:
    """The entries this process used, and the file's others while they are fewer: a start-up
    saves before its last regexes are built (those would be lost, and missed by the next run),
    and another rule set (--rules, another checkout) uses other entries. The file then holds at
    most about twice what one run uses: entries left behind by rule edits go at the next save
    once they outnumber the used ones."""
    others = {key: value for key, value in _read_cache().items() if key not in _used}
    return {**others, **_used} if len(others) <= len(_used) else dict(_used)


def _read_cache() -> dict[tuple, tuple]:
    """The file's entries, read once per process; {} when absent, from another Python, or
    damaged (its checksum differs)."""
    global _stored
    if _stored is None:
        _stored = {}
        try:
            made_by, seal, entries = _file_parts(cache_path().read_bytes())
            key = _cache_key(create=False)
            if made_by == _PYTHON and key and hmac.compare_digest(seal, _seal(entries, key)):
                stored = marshal.loads(entries)
                _stored = stored if isinstance(stored, dict) else {}
        except Exception:
            pass
    return _stored


# The file: this header, the length of the part after it (4 bytes, little-endian), that part
# (marshal of (made_by, seal)), then the entries (marshal of a dict). The entries are sealed and
# read where they lie (a memoryview): with a copy of ~13 MB and a hash over another, reading the
# file cost every process (a no-op rerun's too) about 20 ms more.
_FILE_HEADER = b"newsx-regex-cache\0"


def _file_bytes(made_by: str, seal: bytes, entries: bytes) -> bytes:
    head = marshal.dumps((made_by, seal))
    return _FILE_HEADER + len(head).to_bytes(4, "little") + head + entries


def _file_parts(data: bytes) -> tuple[str, bytes, memoryview]:
    """(made_by, seal, the entries' bytes) of a file `_file_bytes` wrote; ValueError for another."""
    if not data.startswith(_FILE_HEADER):
        raise ValueError("not a regex cache file")
    at = len(_FILE_HEADER)
    size = int.from_bytes(data[at:at + 4], "little")
    made_by, seal = marshal.loads(data[at + 4:at + 4 + size])
    return made_by, seal, memoryview(data)[at + 4 + size:]


def _seal(entries: bytes | memoryview, key: bytes) -> bytes:
    sealing = hmac.new(key, _PYTHON.encode() + b"\0", hashlib.sha256)
    sealing.update(entries)      # in place: no copy of the entries joined to the prefix
    return sealing.digest()


def _cache_key(create: bool) -> bytes:
    """The cache folder's sealing key (made when `create` and there is none); b"" when there is none."""
    path = cache_dir() / _KEY_NAME
    try:
        return path.read_bytes()
    except OSError:
        if not create:
            return b""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:      # another process made it first
        return path.read_bytes()
    with os.fdopen(fd, "wb") as f:
        f.write(os.urandom(32))
    return path.read_bytes()


def _build(pattern: str | bytes, args: tuple) -> re.Pattern:
    """The Pattern, from the stored arguments: what re._compiler.compile ends with."""
    flags, code, groups, groupindex, indexgroup = args
    return _sre.compile(pattern, flags, array.array(_CODE_WORD, code).tolist(), groups, groupindex, indexgroup)


def _compile_args(pattern: str | bytes, flags: int) -> tuple:
    """What re._compiler.compile passes to _sre.compile after the pattern (Python 3.11-3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = array.array(_CODE_WORD, _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


_PROBE = r"(?P<place>[\u4e00-\u9fff]{2,4}(?:省|市))(?i:x|y)?(?P=place)?\d+"


@lru_cache(maxsize=1)
def _cache_usable() -> bool:
    """True when this Python's internals rebuild a pattern exactly as re.compile does (checked
    once on a probe pattern; a Python whose re internals differ never uses the cache)."""
    if _sre is None or array.array(_CODE_WORD).itemsize != getattr(_sre, "CODESIZE", 0):
        return False
    try:
        rebuilt = _build(_PROBE, _compile_args(_PROBE, 0))
        fresh = re.compile(_PROBE)
        return (rebuilt == fresh and rebuilt.groupindex == fresh.groupindex
                and rebuilt.flags == fresh.flags and rebuilt.groups == fresh.groups)
    except Exception:
        return False
