"""What a run needs to (re)process: new or changed inputs, or all of them after a rule change.

An article is skipped when its input bytes (page + sidecar) and the rules version (every rule
file's bytes, plus the newsx version) are those it was last processed with. Any rule change
reprocesses everything: a lexicon or fragment edit can change any rule's matches.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from pipeline.batch.inputs import input_stat, discover_inputs, read_input
from pipeline.batch.process import ArticleResult, ArticleTask
from pipeline.batch.store import DONE_STATUSES, Store
from pipeline.rules import RuleSet
from pipeline.version import __version__

SEEN_BATCH = 500


def processing_version(rules: RuleSet) -> str:
    """What a stored result depends on besides its input: every rule file, and the code."""
    return f"{rules.version}+{__version__}"


class Planner:
    """Streams the inputs and yields a task for each new or changed one; counts the rest as skipped.

    Unchanged = same size and mtime as stored (no read at all), or else same bytes (read and
    hashed) -- and processed with the same rules and code version, and finished.
    """

    def __init__(self, store: Store, input_dir: Path, version: str, force: bool, run_id: int, on_skip,
                 read_all: bool = False):
        self.store, self.input_dir, self.version = store, input_dir, version
        self.force, self.run_id, self.on_skip = force, run_id, on_skip
        # Read (and hash) every input here, for executors whose workers cannot read our files (Dask);
        # otherwise only those whose bytes decide a skip, and the workers read and hash the rest.
        self.read_all = read_all
        self.walk_complete = False
        self.read_failures: list[ArticleResult] = []
        self._seen: list[str] = []

    def _flush_seen(self) -> None:
        if self._seen:
            self.store.mark_seen(self._seen, self.run_id)
            self._seen = []

    def __iter__(self) -> Iterator[ArticleTask]:
        for item in discover_inputs(self.input_dir):
            self._seen.append(item.article_id)
            if len(self._seen) >= SEEN_BATCH:
                self._flush_seen()
            stored = self.store.state_of(item.article_id)
            # A worker lost (crash, cluster trouble) says nothing about the article: retry it.
            current = (stored is not None and not self.force and stored.rules_version == self.version
                       and stored.status in DONE_STATUSES and stored.stage != "worker")
            try:
                size, mtime = input_stat(item)
                if current and (size, mtime) == (stored.size, stored.mtime_ns):
                    self.on_skip(item.article_id)
                    continue
                input_hash = read_input(item) if current or self.read_all else ""
            except OSError:
                # Unreadable (permissions, vanished): process_articles reports it, stage "read".
                size, mtime, input_hash = 0, 0, ""
                item.data = None
            if current and input_hash and input_hash == stored.input_hash:
                self.store.refresh_stat(item.article_id, size, mtime)
                self.on_skip(item.article_id)
                continue
            yield ArticleTask(item, size, mtime, input_hash)
        self._flush_seen()
        self.walk_complete = True
