"""What a run needs to (re)process: new or changed inputs, or all of them after a rule change.

An article is skipped when its input bytes (page + sidecar) and the rules version (every rule
file's bytes, plus the newsx version) are those it was last processed with. Any rule change
reprocesses everything: a lexicon or fragment edit can change any rule's matches.
"""
from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Iterator

from pipeline.batch.inputs import InputFile, discover_inputs, input_stat, read_input
from pipeline.batch.process import ArticleTask
from pipeline.batch.store import DONE_STATUSES, Store, StoredState
from pipeline.version import __version__

SEEN_BATCH = 500


def processing_version(rules_version: str) -> str:
    """What a stored result depends on besides its input: every rule file (RuleSet.version), and the code."""
    return f"{rules_version}+{__version__}"


class Planner:
    """Streams the inputs and yields a task for each new or changed one; counts the rest as skipped.

    Unchanged = same size and mtime as stored (no read at all), or else same bytes (read and
    hashed) -- and processed with the same rules and code version, and finished.
    """

    def __init__(self, store: Store, input_dir: Path, version: str, force: bool, run_id: int, on_skip,
                 read_all: bool = False, max_input_bytes: int | None = None):
        self.store, self.input_dir, self.version = store, input_dir, version
        self.force, self.run_id, self.on_skip = force, run_id, on_skip
        self.max_input_bytes = max_input_bytes
        # Folders that could not be listed: what was found in them before is kept, and each is an error row.
        self.unreadable_folders: list[OSError] = []
        # Read (and hash) every input here, for workers that cannot read our files (Dask, ship_inputs);
        # otherwise only those whose bytes decide a skip, and the workers read and hash the rest.
        self.read_all = read_all
        self.walk_complete = False

    def __iter__(self) -> Iterator[ArticleTask]:
        inputs = discover_inputs(self.input_dir, on_error=self.unreadable_folders.append)
        # In batches: one query for their stored states, one transaction marking them seen.
        while batch := list(islice(inputs, SEEN_BATCH)):
            ids = [item.article_id for item in batch]
            self.store.mark_seen(ids, self.run_id)
            states = self.store.states_of(ids)
            # Each item leaves the batch as it is yielded: a worker reading the page into it
            # (item.data) must not keep up to SEEN_BATCH pages alive here (~40 MB at 500 pages).
            batch.reverse()
            while batch:
                item = batch.pop()
                item.max_bytes = self.max_input_bytes
                task = self._task(item, states.get(item.article_id))
                del item
                if task is not None:
                    yield task
        self.walk_complete = True

    def _task(self, item: InputFile, stored: StoredState | None) -> ArticleTask | None:
        """The task for this input, or None when it is current (counted as skipped)."""
        # A worker lost (crash, cluster trouble) says nothing about the article: retry it.
        current = (stored is not None and not self.force and stored.rules_version == self.version
                   and stored.status in DONE_STATUSES and stored.stage != "worker")
        try:
            size, mtime = input_stat(item)
            if current and (size, mtime) == (stored.size, stored.mtime_ns):
                self.on_skip(item.article_id)
                return None
            if item.refused:      # not a regular file, or too large: an error row, never read
                return ArticleTask(item, size, mtime, "")
            input_hash = read_input(item) if current or self.read_all else ""
        except OSError:
            # Unreadable (permissions, vanished): process_articles reports it, stage "read".
            size, mtime, input_hash = 0, 0, ""
            item.data = None
        if current and input_hash and input_hash == stored.input_hash:
            self.store.refresh_stat(item.article_id, size, mtime)
            self.on_skip(item.article_id)
            return None
        return ArticleTask(item, size, mtime, input_hash)
