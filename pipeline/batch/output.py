"""Write stage: articles and records -> extracted/ CSV (Excel-ready) and JSONL.

CSV: UTF-8 with BOM, header row, RFC 4180 quoting, CRLF rows; values as plain
decimals. Every file is written to a temporary name and renamed, so a reader
never sees half a file.
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

from pipeline.extractors import record_types
from pipeline.extractors.numbers import format_value
from pipeline.records import ARTICLE_COLUMNS, Article, Extraction, columns

_UMASK = os.umask(0o022)
os.umask(_UMASK)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as spreadsheet-safe text: numbers plain, text that Excel would run as a formula escaped."""
    if type(value) is str:              # most cells: tested first
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_value(float(value)) if isinstance(value, float) else str(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _atomic_writer(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_UMASK)   # mkstemp makes 0600; the files are for sharing, like any other
    return os.fdopen(fd, "w", encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8", newline=""), Path(tmp)


def write_csv(path: Path, header: list[str], rows: Iterable[list]) -> None:
    f, tmp = _atomic_writer(path)
    try:
        with f:
            writer = csv.writer(f, lineterminator="\r\n")
            writer.writerow(header)
            # Plain text that opens no formula passes as it is: most cells, tested here without a call.
            writer.writerows([v if type(v) is str and not v.startswith(FORMULA_PREFIXES) else csv_cell(v)
                              for v in row] for row in rows)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_jsonl(path: Path, objects: Iterable[dict]) -> None:
    f, tmp = _atomic_writer(path)
    try:
        with f:
            for obj in objects:
                f.write(json.dumps(obj, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_outputs(out_dir: str | Path, results: list[tuple[Article, Extraction]]) -> None:
    """Write every contract file for these articles (in the given order)."""
    write_contract_files(
        out_dir,
        articles=lambda: (a for a, _ in results),
        records=lambda kind: ((a.article_id, asdict(r)) for a, ex in results for r in getattr(ex, kind)))


def write_store_outputs(out_dir: str | Path, store, processes: int = 1) -> None:
    """Write the contract files and errors.csv from the run state (pipeline/store.py), streaming.

    Only finished articles are in the store, each once, so the files hold every
    finished article exactly once, whatever happened to earlier runs.

    `processes` > 1 (a run whose pool of workers has finished, leaving its cores idle): the
    OFFLOADED_KINDS files are written by a forked process reading the store on its own
    connection while this one writes the rest.
    """
    helper = _start_file_writer(out_dir, store.path.parent, OFFLOADED_KINDS) if processes > 1 else None
    offloaded = OFFLOADED_KINDS if helper is not None else []
    write_contract_files(out_dir, articles=store.articles, records=store.records,
                         kinds=[k for k in record_types() if k not in offloaded])
    write_csv(Path(out_dir) / "errors.csv", ERROR_COLUMNS, store.failures())
    if helper is not None:
        helper.join()
        if helper.exitcode != 0:
            files = ", ".join(f"{out_dir}/{kind}.csv" for kind in offloaded)
            raise RuntimeError(f"writing {files} failed (exit code {helper.exitcode})")


def contract_file_names() -> list[str]:
    """The files `write_store_outputs` writes, in the order it writes them."""
    return ["articles.csv", "articles.jsonl", *(f"{kind}.csv" for kind in record_types()), "errors.csv"]


# The store remembers what it last wrote (meta `files`): the run that wrote them, the columns, and
# each file's size and mtime. A run that stored nothing since, and finds the files as written,
# leaves them alone: rewriting a thousand articles' files is most of a run that has no work.
FILES_META_KEY = "files"


def _files_now(out_dir: Path) -> dict[str, list[int]] | None:
    stats = {}
    for name in contract_file_names():
        try:
            st = (out_dir / name).stat()
        except OSError:
            return None
        stats[name] = [st.st_size, st.st_mtime_ns]
    return stats


def _columns_now() -> list[list[str]]:
    from pipeline.version import __version__

    return [[__version__], ARTICLE_COLUMNS, *(columns(t) for t in record_types().values()), ERROR_COLUMNS]


def files_current(out_dir: str | Path, store) -> bool:
    """Whether the contract files in out_dir are exactly what writing them from the store would give."""
    remembered = store.meta(FILES_META_KEY)
    if remembered is None:
        return False
    try:
        remembered = json.loads(remembered)
        run_id, stats, cols = remembered["run"], remembered["files"], remembered["columns"]
    except (ValueError, KeyError, TypeError):
        return False
    return cols == _columns_now() and not store.changed_since(run_id) and stats == _files_now(Path(out_dir))


def remember_files(out_dir: str | Path, store, run_id: int) -> None:
    """Record the files just written from the store (see files_current)."""
    stats = _files_now(Path(out_dir))
    if stats is not None:
        store.set_meta(FILES_META_KEY, json.dumps({"run": run_id, "files": stats, "columns": _columns_now()}))


# The record files a second process writes when there is one: figures, the largest.
OFFLOADED_KINDS = ["figures"]


def _start_file_writer(out_dir: str | Path, store_dir: Path, kinds: list[str]):
    """A forked process writing the record files of `kinds` from the store in `store_dir`; None
    where processes are not forked (elsewhere than Linux), and the caller writes them itself."""
    import multiprocessing
    import sys

    if not sys.platform.startswith("linux"):
        return None
    process = multiprocessing.get_context("fork").Process(
        target=_write_record_files, args=(str(out_dir), str(store_dir), kinds), daemon=True)
    process.start()
    return process


def _write_record_files(out_dir: str, store_dir: str, kinds: list[str]) -> None:
    from pipeline.batch.store import Store

    store = Store(store_dir, read_only=True)
    try:
        for kind in kinds:
            write_record_file(Path(out_dir), kind, store.records)
    finally:
        store.close()


ERROR_COLUMNS = ["article_id", "stage", "error"]


def write_contract_files(out_dir: str | Path, articles: Callable[[], Iterable[Article]],
                         records: Callable[[str], Iterable[tuple[str, dict]]],
                         kinds: Iterable[str] | None = None) -> None:
    """articles.csv/.jsonl and one CSV per record kind (of `kinds`); `articles()` and `records(kind)`
    are called once per file, so they can stream from a database instead of a list."""
    out = Path(out_dir)
    write_csv(out / "articles.csv", ARTICLE_COLUMNS,
              ([getattr(a, c) for c in ARTICLE_COLUMNS] for a in articles()))
    write_jsonl(out / "articles.jsonl", (asdict(a) for a in articles()))
    for kind in (record_types() if kinds is None else kinds):
        write_record_file(out, kind, records)


def write_record_file(out: Path, kind: str, records: Callable[[str], Iterable[tuple[str, dict]]]) -> None:
    cols = columns(record_types()[kind])
    write_csv(out / f"{kind}.csv", ["article_id", *cols],
              # a field the record lacks is None: an empty cell
              ([article_id, *map(fields.get, cols)] for article_id, fields in records(kind)))
