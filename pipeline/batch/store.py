"""Run state: an embedded SQLite database in the output folder (`<out>/newsx.sqlite`).

It holds one row per input article (its input hash, the rules version and code version
it was processed with, status, error stage, timings, the cleaned article) and one row
per record. Each article's result is written in ONE transaction (delete its old
records, insert the new ones, update the article row), so after a crash -- even
SIGKILL -- an article is either wholly in the store or not at all; the next run
redoes only what is missing. The contract files are exported from this store.

WAL journal with synchronous=NORMAL: a commit survives the process being killed
(the OS still has the pages); only a power cut may lose the last commits, and even
then the database stays consistent.

A run commits its articles in batches (`Store.batched_commits`): a commit costs about as
much as cleaning a short page, so one per article was a measurable share of a run. Inside a
batch each article is a savepoint of its own, so an article is still wholly in or out;
a SIGKILL loses at most the last batch's finished articles (under a second of work),
which the next run redoes.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterator

from pipeline.records import Article, Extraction

STORE_NAME = "newsx.sqlite"
SCHEMA_VERSION = 1

# Article statuses in the store. The contract files only know ok | error; a removed
# article (its input file is gone) stays in the store, marked, and leaves the files.
DONE_STATUSES = ("ok", "error")
REMOVED = "removed"
# The stage of the error row of an input folder that could not be listed (not an article: it
# leaves the store once the folder can be listed again).
FOLDER_STAGE = "folder"

_ARTICLE_FIELDS = [f.name for f in fields(Article)]
# One encoder for every record: json.dumps(..., ensure_ascii=False) builds a new one per call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode

RecordRow = tuple[str, int, str]     # (kind, seq, the record's fields as a JSON object)


def record_rows(extraction: Extraction) -> list[RecordRow]:
    """An article's records as the store keeps them. Made where the article was processed (a
    worker: see ArticleResult.packed), not in the one process that writes the store."""
    return [(kind, seq, _to_json(_fields_of(r))) for kind, records in extraction.records.items()
            for seq, r in enumerate(records)]

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    article_id    TEXT PRIMARY KEY,
    path          TEXT,
    size          INTEGER,      -- input file (+ sidecar) size and mtime: the cheap "unchanged?" check
    mtime_ns      INTEGER,
    input_hash    TEXT,         -- sha256 of the page bytes and its sidecar
    rules_version TEXT,         -- RuleSet.version + code version it was processed with
    status        TEXT,         -- ok | error | removed
    stage         TEXT,         -- where it failed: read | clean | nlp | worker ("" when ok)
    traceback     TEXT,
    started_at    REAL,
    finished_at   REAL,
    seconds       REAL,         -- whole per-article function, measured in the worker
    clean_seconds REAL,
    nlp_seconds   REAL,
    worker        TEXT,
    run_id        INTEGER,      -- the run that produced this row
    seen_run      INTEGER,      -- the run that last processed it (which inputs a run finds: mark_seen)
    removed_at    REAL,
    {", ".join(f"a_{name} {'INTEGER' if name == 'n_chars' else 'TEXT'}"
               for name in _ARTICLE_FIELDS if name != "article_id")}
);
CREATE TABLE IF NOT EXISTS records (
    kind       TEXT NOT NULL,
    article_id TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    data       TEXT NOT NULL,   -- the record's fields as a JSON object
    PRIMARY KEY (kind, article_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_by_article ON records (article_id);
CREATE TABLE IF NOT EXISTS runs (
    run_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at    REAL,
    finished_at   REAL,
    input_dir     TEXT,
    rules_version TEXT,
    executor      TEXT,
    workers       INTEGER,
    processed     INTEGER DEFAULT 0,
    skipped       INTEGER DEFAULT 0,
    failed        INTEGER DEFAULT 0,
    removed       INTEGER DEFAULT 0,
    outcome       TEXT          -- running | finished | interrupted | failed
);
"""


@dataclass
class StoredState:
    """What the store knows about an input, enough to decide whether to skip it."""
    size: int
    mtime_ns: int
    input_hash: str
    rules_version: str
    status: str
    stage: str


@dataclass
class ArticleTimings:
    started_at: float = 0.0
    finished_at: float = 0.0
    seconds: float = 0.0
    clean_seconds: float = 0.0
    nlp_seconds: float = 0.0
    worker: str = ""


class StoreDamaged(RuntimeError):
    """The run state (newsx.sqlite) cannot be used: damaged, or made by an incompatible newsx."""


REBUILD_PENDING = "rebuild_pending"     # meta key: a --rebuild has not finished yet


class Store:
    def __init__(self, out_dir: str | Path, read_only: bool = False):
        """The store in out_dir, created if need be; `read_only`: an existing store read on a
        connection of its own (another process writing files from it while the run holds it).
        Raises StoreDamaged when the file is not a usable store."""
        self.path = Path(out_dir) / STORE_NAME
        self._batch: _CommitBatch | None = None
        try:
            self._open(read_only)
        except sqlite3.DatabaseError as e:
            raise damaged(self.path, e) from None

    def _open(self, read_only: bool) -> None:
        if read_only:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we open transactions explicitly, one per article.
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (article_id TEXT PRIMARY KEY) WITHOUT ROWID")
            self._seen_by: int | None = None      # the run whose inputs temp.seen holds
            found = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if found is None:
                self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif found[0] != str(SCHEMA_VERSION):
                raise StoreDamaged(f"{self.path}: run state of schema {found[0]!r}, this newsx expects "
                                   f"{SCHEMA_VERSION}: `newsx run --rebuild` starts it afresh from the inputs "
                                   "(the CSV files stay until the new ones are written)")
        except BaseException:
            self.db.close()
            raise

    @staticmethod
    def rebuild(out_dir: str | Path) -> "Store":
        """A fresh, empty store in out_dir; the old file (damaged, perhaps) is kept beside it as
        newsx.sqlite.old until the rebuild finishes. The contract files are not touched."""
        path = Path(out_dir) / STORE_NAME
        old = path.with_name(STORE_NAME + ".old")
        for suffix in ("", "-wal", "-shm"):
            part = path.with_name(STORE_NAME + suffix)
            if part.exists():
                os.replace(part, old.with_name(old.name + suffix))
        store = Store(out_dir)
        store.set_meta(REBUILD_PENDING, "1")
        return store

    def rebuild_pending(self) -> bool:
        return self.meta(REBUILD_PENDING) == "1"

    def rebuild_finished(self) -> None:
        self.db.execute("DELETE FROM meta WHERE key=?", (REBUILD_PENDING,))
        old = self.path.with_name(STORE_NAME + ".old")
        for suffix in ("", "-wal", "-shm"):
            try:
                old.with_name(old.name + suffix).unlink()
            except FileNotFoundError:
                pass


    def close(self) -> None:
        self.db.close()

    # --- runs -----------------------------------------------------------------

    def start_run(self, input_dir: str, rules_version: str, executor: str, workers: int) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (started_at, input_dir, rules_version, executor, workers, outcome) "
            "VALUES (?, ?, ?, ?, ?, 'running')", (time.time(), input_dir, rules_version, executor, workers))
        return cur.lastrowid

    def finish_run(self, run_id: int, outcome: str, processed: int, skipped: int, failed: int, removed: int) -> None:
        self.db.execute("UPDATE runs SET finished_at=?, outcome=?, processed=?, skipped=?, failed=?, removed=? "
                        "WHERE run_id=?", (time.time(), outcome, processed, skipped, failed, removed, run_id))

    # --- articles -------------------------------------------------------------

    def state_of(self, article_id: str) -> StoredState | None:
        row = self.db.execute("SELECT size, mtime_ns, input_hash, rules_version, status, stage FROM articles "
                              "WHERE article_id=?", (article_id,)).fetchone()
        return StoredState(*row) if row else None

    def states_of(self, article_ids: list[str]) -> dict[str, StoredState]:
        """state_of for many articles in one query (at most a few hundred ids)."""
        rows = self.db.execute("SELECT article_id, size, mtime_ns, input_hash, rules_version, status, stage "
                               f"FROM articles WHERE article_id IN ({', '.join('?' * len(article_ids))})",
                               article_ids)
        return {row[0]: StoredState(*row[1:]) for row in rows}

    def mark_seen(self, article_ids: list[str], run_id: int) -> None:
        """Record that these inputs still exist, for `mark_removed`: in a table of this connection
        only, as writing the seen run into every article's row rewrote the whole table each run."""
        if self._seen_by != run_id:
            self.db.execute("DELETE FROM temp.seen")
            self._seen_by = run_id
        self.db.executemany("INSERT OR IGNORE INTO temp.seen VALUES (?)", [(a,) for a in article_ids])

    def refresh_stat(self, article_id: str, size: int, mtime_ns: int) -> None:
        """The file was touched but its bytes are the same: remember the new stat, keep the result."""
        self.db.execute("UPDATE articles SET size=?, mtime_ns=? WHERE article_id=?", (size, mtime_ns, article_id))

    def save(self, article: Article, rows: list[RecordRow], *, path: str, size: int, mtime_ns: int,
             input_hash: str, rules_version: str, stage: str, traceback: str,
             timings: ArticleTimings, run_id: int) -> None:
        """Replace everything stored for this article (its row and its records, `record_rows`), atomically."""
        a = _fields_of(article)
        cols = ["article_id", "path", "size", "mtime_ns", "input_hash", "rules_version", "status", "stage",
                "traceback", "started_at", "finished_at", "seconds", "clean_seconds", "nlp_seconds", "worker",
                "run_id", "seen_run", "removed_at", *(f"a_{n}" for n in _ARTICLE_FIELDS if n != "article_id")]
        values = [article.article_id, path, size, mtime_ns, input_hash, rules_version, article.status, stage,
                  traceback, timings.started_at, timings.finished_at, timings.seconds, timings.clean_seconds,
                  timings.nlp_seconds, timings.worker, run_id, run_id, None,
                  *(a[n] for n in _ARTICLE_FIELDS if n != "article_id")]
        with self._transaction():
            self.db.execute("DELETE FROM records WHERE article_id=?", (article.article_id,))
            self.db.executemany("INSERT INTO records VALUES (?, ?, ?, ?)",
                                [(kind, article.article_id, seq, data) for kind, seq, data in rows])
            self.db.execute(f"INSERT OR REPLACE INTO articles ({', '.join(cols)}) "
                            f"VALUES ({', '.join('?' * len(cols))})", values)

    def gone_inputs(self, run_id: int, input_root: Path) -> tuple[list[str], int]:
        """(articles whose input file is gone, live articles in the store): the articles this run
        did not find whose file was under `input_root` and no longer exists there. An article from
        another input folder, or whose file still exists (in a folder that could not be listed),
        is not gone."""
        root = Path(os.path.abspath(input_root))
        gone = []
        for article_id, path in self.db.execute(
                "SELECT article_id, path FROM articles WHERE status != ? AND IFNULL(stage, '') != ? "
                "AND (? != ? OR article_id NOT IN temp.seen) ORDER BY article_id",
                (REMOVED, FOLDER_STAGE, run_id, self._seen_by)):
            if path and _under(Path(os.path.abspath(path)), root) and _missing(path):
                gone.append(article_id)
        live = self.db.execute("SELECT COUNT(*) FROM articles WHERE status != ? AND IFNULL(stage, '') != ?",
                               (REMOVED, FOLDER_STAGE)).fetchone()[0]
        return gone, live

    def mark_removed(self, article_ids: list[str], run_id: int) -> None:
        """These articles' inputs are gone: marked removed, their records dropped."""
        with self._transaction():
            for article_id in article_ids:
                self.db.execute("DELETE FROM records WHERE article_id=?", (article_id,))
                self.db.execute("UPDATE articles SET status=?, removed_at=?, run_id=? WHERE article_id=?",
                                (REMOVED, time.time(), run_id, article_id))

    def drop_stale_folder_errors(self, run_id: int) -> int:
        """A folder that could not be listed before and was listed this time is no longer an error
        (returns how many such rows went)."""
        with self._transaction():
            return self.db.execute("DELETE FROM articles WHERE stage=? AND IFNULL(run_id, -1) != ?",
                                   (FOLDER_STAGE, run_id)).rowcount

    def changed_since(self, run_id: int) -> bool:
        """Whether a run after `run_id` saved or removed an article (what the files show changed)."""
        return self.db.execute("SELECT 1 FROM articles WHERE run_id > ? LIMIT 1", (run_id,)).fetchone() is not None

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, COUNT(*) FROM articles GROUP BY status").fetchall())

    # --- reading back, streamed (for the contract files) ----------------------

    def articles(self, with_kind: str | None = None) -> Iterator[Article]:
        """Every finished (ok or error) article, by article_id; `with_kind`: only those with records of that kind."""
        names = [n for n in _ARTICLE_FIELDS if n != "article_id"]
        having = (" AND EXISTS (SELECT 1 FROM records r WHERE r.kind=? AND r.article_id=articles.article_id)"
                  if with_kind else "")
        sql = (f"SELECT article_id, {', '.join('a_' + n for n in names)} FROM articles "
               f"WHERE status IN {DONE_STATUSES}{having} ORDER BY article_id")
        for row in self.db.execute(sql, (with_kind,) if with_kind else ()):
            yield Article(article_id=row[0], **{n: (v if v is not None else _default(n))
                                                for n, v in zip(names, row[1:])})

    def records(self, kind: str, with_kind: str | None = None) -> Iterator[tuple[str, dict]]:
        """(article_id, record fields) of one kind, by article then in extraction order; `with_kind`:
        only the records of articles that have records of that kind (the figures of articles with clusters)."""
        having = (" AND EXISTS (SELECT 1 FROM records w WHERE w.kind=? AND w.article_id=r.article_id)"
                  if with_kind else "")
        sql = ("SELECT r.article_id, r.data FROM records r JOIN articles a ON a.article_id = r.article_id "
               f"WHERE r.kind=? AND a.status IN {DONE_STATUSES}{having} ORDER BY r.article_id, r.seq")
        for article_id, data in self.db.execute(sql, (kind, with_kind) if with_kind else (kind,)):
            yield article_id, json.loads(data)

    def failures(self) -> Iterator[tuple[str, str, str]]:
        """(article_id, stage, error) of every article whose last processing failed."""
        yield from self.db.execute("SELECT article_id, stage, a_error FROM articles WHERE status='error' "
                                   "ORDER BY article_id")

    def _transaction(self):
        return _Savepoint(self._batch) if self._batch is not None else _Transaction(self.db)

    @contextmanager
    def batched_commits(self, max_articles: int = 64, max_seconds: float = 0.5):
        """Inside, writes are committed together every `max_articles` transactions or
        `max_seconds`, whichever comes first, and at the end however it ends (Ctrl-C
        included: what was saved is complete, each write being a savepoint of its own)."""
        self._batch = _CommitBatch(self.db, max_articles, max_seconds)
        try:
            yield self
        finally:
            self._batch.commit()
            self._batch = None

    def commit_batch(self) -> None:
        """Commit what the open batch holds now (before reading the store back for the files)."""
        if self._batch is not None:
            self._batch.commit()


_FIELD_NAMES: dict[type, list[str]] = {}


def _fields_of(record) -> dict:
    """A record's fields as a dict; dataclasses.asdict deep-copies every value, which costs the
    main process more than the SQLite insert (records hold only plain values)."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = [f.name for f in fields(record)]
    return {n: getattr(record, n) for n in names}


def damaged(path: Path, error: Exception) -> StoreDamaged:
    return StoreDamaged(f"{path}: the run state is damaged ({error}): `newsx run --rebuild` starts it afresh "
                        "from the inputs (the CSV files stay as they are until the new ones are written)")


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _missing(path: str) -> bool:
    """The file is certainly gone (not: cannot be looked at, as in a folder we may not enter)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


def _default(name: str):
    return 0 if name == "n_chars" else ""


class _CommitBatch:
    """One transaction left open over several writes, committed once it is big or old enough."""

    def __init__(self, db: sqlite3.Connection, max_writes: int, max_seconds: float):
        self.db, self.max_writes, self.max_seconds = db, max_writes, max_seconds
        self.writes, self.opened_at = 0, 0.0
        self.in_write = False     # a savepoint is open (an interrupt may land anywhere in a write)

    def open(self) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
            self.writes, self.opened_at = 0, time.monotonic()

    def written(self) -> None:
        self.writes += 1
        if self.writes >= self.max_writes or time.monotonic() - self.opened_at >= self.max_seconds:
            self.commit()

    def commit(self) -> None:
        if self.in_write:                 # never commit half an article
            self.db.execute("ROLLBACK TO write")
            self.db.execute("RELEASE write")
            self.in_write = False
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.writes = 0


class _Savepoint:
    """One write inside a batch: released when complete, rolled back alone on any exception."""

    def __init__(self, batch: _CommitBatch):
        self.batch, self.db = batch, batch.db

    # `in_write` is true exactly while the savepoint may hold part of an article: set once it
    # exists, cleared before it is released (by then it holds a whole article or nothing), so an
    # interrupt landing between two statements never leaves the batch rolling back to a savepoint
    # that is not there ("no such savepoint: write").
    def __enter__(self):
        self.batch.open()
        self.db.execute("SAVEPOINT write")
        self.batch.in_write = True

    def __exit__(self, exc_type, exc, tb):
        if exc_type:
            self.db.execute("ROLLBACK TO write")
        self.batch.in_write = False
        self.db.execute("RELEASE write")
        if not exc_type:
            self.batch.written()
        return False


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (including KeyboardInterrupt)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
