"""Write stage: articles and records -> extracted/ CSV (Excel-ready) and JSONL.

CSV: UTF-8 with BOM, header row, RFC 4180 quoting, CRLF rows; values as plain
decimals. Every file is written to a temporary name and renamed, so a reader
never sees half a file; an export of several files (`Export`) writes them all first
and renames them together at the end, so a stop or a full disk half-way leaves the
previous set whole, never a mix of new and old files.
"""
from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

from pipeline.extractors import record_types
from pipeline.extractors.numbers import format_value
from pipeline.records import ARTICLE_COLUMNS, Article, ClusterFact, ClusterSummary, Extraction, columns
from pipeline.rules import RuleSet
from pipeline.speedups import regex_cache

_UMASK = os.umask(0o022)
os.umask(_UMASK)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A value that starts with "-" but is only a number or an ISO date or interval ("-3300" for 3300 BCE,
# "-0500/-0300", "-12.5"): digits and these marks call no function, so it is written as it is,
# the value the scorer and a reader expect.
_PLAIN_VALUE = re.compile(r"-?\d+(?:\.\d+)?"
                          r"|-?\d{4,}(?:-\d{2}){0,2}(?:/-?\d{4,}(?:-\d{2}){0,2})?")


def csv_cell(value) -> str:
    """A value as spreadsheet-safe text: numbers plain, text that Excel would run as a formula escaped."""
    if type(value) is str:              # most cells: tested first
        if value.startswith(FORMULA_PREFIXES) and not (value[0] == "-" and _PLAIN_VALUE.fullmatch(value)):
            return "'" + value
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_value(float(value)) if isinstance(value, float) else str(value)
    return csv_cell(str(value))


class ExportFailed(OSError):
    """The output files could not be written (disk full, read-only folder); the previous ones are unchanged."""


class Export:
    """Several output files written as one: each to a temporary name (`.<name>.<token>.tmp`),
    then all renamed in `commit`. Until then the previous files stay as they were; `abandon`
    (or any exception in `with Export(...)`) removes the temporary files.

    The token names the temporary files, so a forked writer (`_start_file_writer`) writes its
    file under the same export and the parent renames it with the rest."""

    def __init__(self, out_dir: str | Path, token: str | None = None):
        self.out_dir = Path(out_dir)
        self.token = token or f"{os.getpid()}-{os.urandom(3).hex()}"
        self.files: list[Path] = []

    def temp_for(self, path: Path) -> Path:
        return path.with_name(f".{path.name}.{self.token}.tmp")

    def add(self, path: Path) -> None:
        """A file written by another process under this export's token."""
        self.files.append(path)

    def commit(self) -> None:
        for path in self.files:
            os.replace(self.temp_for(path), path)
        self.files = []

    def abandon(self) -> None:
        for path in self.files:
            try:
                self.temp_for(path).unlink()
            except OSError:
                pass
        self.files = []

    def __enter__(self) -> "Export":
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
            return False
        self.abandon()
        if isinstance(exc, OSError) and not isinstance(exc, ExportFailed):
            raise ExportFailed(f"cannot write the output files in {self.out_dir}: "
                               f"{exc.strerror or exc}; the previous files are unchanged") from exc
        return False


def remove_stale_temporaries(out_dir: str | Path) -> None:
    """Temporary files of an export that was killed before it could clean up (the caller holds
    the output folder's lock, so no export is running)."""
    stems = {"articles", "errors", *record_types(), *(name.removesuffix(".csv") for name in CLUSTER_FILES)}
    for tmp in Path(out_dir).glob(".*.tmp"):
        if tmp.name[1:].split(".")[0] in stems:
            try:
                tmp.unlink()
            except OSError:
                pass


def _open_for_writing(path: Path, export: Export | None):
    """A text file to write `path` through: the export's temporary name, or a temporary name of
    its own (renamed by the caller). Returns (file, temporary path)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if export is not None:
        tmp = export.temp_for(path)
        export.files.append(path)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)   # the umask applies, as to any file
    else:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        os.chmod(tmp, 0o666 & ~_UMASK)   # mkstemp makes 0600; the files are for sharing, like any other
    return os.fdopen(fd, "w", encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8", newline=""), tmp


def write_csv(path: Path, header: list[str], rows: Iterable[list], export: Export | None = None) -> None:
    """Write a CSV file; with `export`, under its temporary name until the export commits."""
    f, tmp = _open_for_writing(path, export)
    try:
        with f:
            writer = csv.writer(f, lineterminator="\r\n")
            writer.writerow(header)
            # Plain text that opens no formula passes as it is: most cells, tested here without a call.
            writer.writerows([v if type(v) is str and not v.startswith(FORMULA_PREFIXES) else csv_cell(v)
                              for v in row] for row in rows)
        if export is None:
            os.replace(tmp, path)
    finally:
        if export is None and tmp.exists():
            tmp.unlink()


def write_jsonl(path: Path, objects: Iterable[dict], export: Export | None = None) -> None:
    f, tmp = _open_for_writing(path, export)
    try:
        with f:
            for obj in objects:
                f.write(json.dumps(obj, ensure_ascii=False) + "\n")
        if export is None:
            os.replace(tmp, path)
    finally:
        if export is None and tmp.exists():
            tmp.unlink()


def write_outputs(out_dir: str | Path, results: list[tuple[Article, Extraction]], rules: RuleSet | None = None) -> None:
    """Write every contract file for these articles (in the given order), and the cluster files."""
    articles = lambda: (a for a, _ in results)  # noqa: E731
    records = lambda kind: ((a.article_id, asdict(r)) for a, ex in results for r in getattr(ex, kind))  # noqa: E731
    with Export(out_dir) as export:
        write_contract_files(out_dir, articles=articles, records=records, export=export)
        write_cluster_files(out_dir, articles, records, rules, export)


def write_store_outputs(out_dir: str | Path, store, processes: int = 1, rules: RuleSet | None = None) -> None:
    """Write the contract files, errors.csv and the cluster files from the run state
    (pipeline/store.py), streaming. `rules`: the run's (the cluster links read their words); None:
    the built-in rules with NEWSX_RULES.

    Only finished articles are in the store, each once, so the files hold every
    finished article exactly once, whatever happened to earlier runs.

    `processes` > 1 (a run whose pool of workers has finished, leaving its cores idle): the
    OFFLOADED_KINDS files and the cluster files are written by a forked process reading the store
    on its own connection while this one writes the rest (about half the work each).
    """
    with Export(out_dir) as export:
        helper = _start_file_writer(out_dir, store.path.parent, OFFLOADED_KINDS, export.token, rules) \
            if processes > 1 else None
        offloaded = [*(f"{kind}.csv" for kind in OFFLOADED_KINDS), *CLUSTER_FILES] if helper is not None else []
        try:
            write_contract_files(out_dir, articles=store.articles, records=store.records,
                                 kinds=[k for k in record_types() if f"{k}.csv" not in offloaded], export=export)
            write_csv(Path(out_dir) / "errors.csv", ERROR_COLUMNS, store.failures(), export=export)
            if helper is None:
                write_store_cluster_files(out_dir, store, rules, export)
        finally:
            if helper is not None:
                for name in offloaded:
                    export.add(Path(out_dir) / name)
                helper.join()
        if helper is not None and helper.exitcode != 0:
            files = ", ".join(f"{out_dir}/{name}" for name in offloaded)
            raise ExportFailed(f"cannot write {files} (the writing process ended with {helper.exitcode}); "
                               "the previous files are unchanged")


def contract_file_names() -> list[str]:
    """The files `write_store_outputs` writes, in the order it writes them."""
    return ["articles.csv", "articles.jsonl", *(f"{kind}.csv" for kind in record_types()), "errors.csv",
            *CLUSTER_FILES]


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

    return [[__version__], ARTICLE_COLUMNS, *(columns(t) for t in record_types().values()), ERROR_COLUMNS,
            columns(ClusterFact), columns(ClusterSummary)]


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


def _start_file_writer(out_dir: str | Path, store_dir: Path, kinds: list[str], token: str,
                       rules: RuleSet | None = None):
    """A forked process writing the record files of `kinds` and the cluster files from the store in
    `store_dir`; None where processes are not forked (elsewhere than Linux), and the caller writes
    them itself."""
    import multiprocessing
    import sys

    if not sys.platform.startswith("linux"):
        return None
    process = multiprocessing.get_context("fork").Process(
        target=_write_record_files, args=(str(out_dir), str(store_dir), kinds, token, rules), daemon=True)
    process.start()
    return process


def _write_record_files(out_dir: str, store_dir: str, kinds: list[str], token: str,
                        rules: RuleSet | None = None) -> None:
    import signal

    from pipeline.batch.store import Store

    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the parent decides; it abandons the export on Ctrl-C
    store = Store(store_dir, read_only=True)
    export = Export(out_dir, token)
    try:
        for kind in kinds:
            write_record_file(Path(out_dir), kind, store.records, export)
        write_store_cluster_files(out_dir, store, rules, export)
    except BaseException:
        export.abandon()
        raise
    finally:
        store.close()


ERROR_COLUMNS = ["article_id", "stage", "error"]


def write_contract_files(out_dir: str | Path, articles: Callable[[], Iterable[Article]],
                         records: Callable[[str], Iterable[tuple[str, dict]]], kinds: Iterable[str] | None = None,
                         export: Export | None = None) -> None:
    """articles.csv/.jsonl and one CSV per record kind (of `kinds`); `articles()` and `records(kind)`
    are called once per file, so they can stream from a database instead of a list."""
    out = Path(out_dir)
    write_csv(out / "articles.csv", ARTICLE_COLUMNS,
              ([getattr(a, c) for c in ARTICLE_COLUMNS] for a in articles()), export)
    write_jsonl(out / "articles.jsonl", (asdict(a) for a in articles()), export)
    for kind in (record_types() if kinds is None else kinds):
        write_record_file(out, kind, records, export)


def write_record_file(out: Path, kind: str, records: Callable[[str], Iterable[tuple[str, dict]]],
                      export: Export | None = None) -> None:
    cols = columns(record_types()[kind])
    write_csv(out / f"{kind}.csv", ["article_id", *cols],
              # a field the record lacks is None: an empty cell
              ([article_id, *map(fields.get, cols)] for article_id, fields in records(kind)), export)


# --- what the articles say about each cluster (pipeline/batch/cluster_facts.py) --------

CLUSTER_FACTS_FILE, CLUSTERS_SUMMARY_FILE = "cluster_facts.csv", "clusters_summary.csv"
CLUSTER_FILES = [CLUSTER_FACTS_FILE, CLUSTERS_SUMMARY_FILE]


def write_cluster_files(out_dir: str | Path, articles: Callable[[], Iterable[Article]],
                        records: Callable[[str], Iterable[tuple[str, dict]]], rules: RuleSet | None = None,
                        export: Export | None = None) -> None:
    """cluster_facts.csv and clusters_summary.csv, from the articles and their records."""
    from pipeline.batch.cluster_facts import cluster_tables, linked_articles

    if rules is None:
        from pipeline.extractors import load_rules

        rules = load_rules(checked=False)
    facts, summaries = cluster_tables(linked_articles(articles, records), rules)
    regex_cache.save()     # the links' regexes, built after start-up's last save: for the next run
    out = Path(out_dir)
    fact_columns, summary_columns = columns(ClusterFact), columns(ClusterSummary)
    write_csv(out / CLUSTER_FACTS_FILE, fact_columns, ([getattr(f, c) for c in fact_columns] for f in facts), export)
    write_csv(out / CLUSTERS_SUMMARY_FILE, summary_columns,
              ([getattr(s, c) for c in summary_columns] for s in summaries), export)


def write_store_cluster_files(out_dir: str | Path, store, rules: RuleSet | None = None,
                              export: Export | None = None) -> None:
    """The cluster files from the run state: only the articles that name a cluster are read again."""
    write_cluster_files(out_dir, lambda: store.articles(with_kind="clusters"),
                        lambda kind: store.records(kind, with_kind="clusters"), rules, export)
