"""The store's batched commits: several articles per transaction, each still wholly in or out."""
from __future__ import annotations

import sqlite3

import pytest

from pipeline.batch.store import STORE_NAME, ArticleTimings, Store, record_rows
from pipeline.records import Article, Extraction, FigureRecord


def save(store: Store, article_id: str, figures: int = 2) -> None:
    extraction = Extraction({"figures": [FigureRecord(text=f"{i}元", value=float(i), unit="元", approx="", change="", metric="", subject="",
                                       start=i, end=i + 2, sentence="", rule="figures.t") for i in range(figures)]})
    store.save(Article(article_id=article_id, body="正文"), record_rows(extraction), path=f"{article_id}.txt", size=1, mtime_ns=1,
               input_hash="h", rules_version="v", stage="", traceback="", timings=ArticleTimings(), run_id=1)


def committed(tmp_path) -> tuple[list[str], int]:
    """What another process sees: the committed articles and records."""
    with sqlite3.connect(tmp_path / STORE_NAME) as db:
        ids = [r[0] for r in db.execute("SELECT article_id FROM articles ORDER BY article_id")]
        return ids, db.execute("SELECT COUNT(*) FROM records").fetchone()[0]


def test_a_batch_is_committed_when_full_and_at_its_end(tmp_path):
    store = Store(tmp_path)
    with store.batched_commits(max_articles=3, max_seconds=3600):
        save(store, "a1")
        save(store, "a2")
        assert committed(tmp_path) == ([], 0)           # still in the open batch
        save(store, "a3")
        assert committed(tmp_path) == (["a1", "a2", "a3"], 6)
        save(store, "a4")
        assert committed(tmp_path)[0] == ["a1", "a2", "a3"]
    assert committed(tmp_path) == (["a1", "a2", "a3", "a4"], 8)
    store.close()


def test_a_batch_older_than_its_time_limit_is_committed(tmp_path):
    store = Store(tmp_path)
    with store.batched_commits(max_articles=1000, max_seconds=0):
        save(store, "a1")
        assert committed(tmp_path)[0] == ["a1"]
    store.close()


def test_an_interrupted_save_leaves_no_part_of_its_article_and_keeps_the_finished_ones(tmp_path, monkeypatch):
    store = Store(tmp_path)
    real_executemany = store.db.executemany

    class Interrupting:
        """The connection, with Ctrl-C landing between an article's records and its row."""
        def __getattr__(self, name):
            return getattr(real_db, name)

        def executemany(self, sql, rows):
            real_executemany(sql, rows)
            if any(row[1] == "a3" for row in rows):
                raise KeyboardInterrupt

    real_db = store.db
    with pytest.raises(KeyboardInterrupt):
        with store.batched_commits(max_articles=100, max_seconds=3600):
            save(store, "a1")
            save(store, "a2")
            store.db = Interrupting()
            save(store, "a3")
    store.db = real_db
    assert committed(tmp_path) == (["a1", "a2"], 4)
    store.close()


class InterruptAt:
    """The batch's connection, with Ctrl-C landing right before or right after one statement."""
    def __init__(self, db, statement: str, after: bool):
        self.db, self.statement, self.after, self.armed = db, statement, after, True

    def __getattr__(self, name):
        return getattr(self.db, name)

    def execute(self, sql, *args):
        hit = self.armed and sql == self.statement
        if hit and not self.after:
            self.armed = False
            raise KeyboardInterrupt
        result = self.db.execute(sql, *args)
        if hit:
            self.armed = False
            raise KeyboardInterrupt
        return result


@pytest.mark.parametrize("statement, after, kept", [
    ("SAVEPOINT write", False, ["a1", "a2"]),        # before the third article's savepoint exists
    ("RELEASE write", False, ["a1", "a2", "a3"]),    # the third article whole, its savepoint not yet released
    ("RELEASE write", True, ["a1", "a2", "a3"]),     # released, the batch not yet told
])
def test_an_interrupt_between_savepoint_statements_still_commits_the_whole_articles(tmp_path, statement, after, kept):
    store = Store(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        with store.batched_commits(max_articles=100, max_seconds=3600):
            save(store, "a1")
            save(store, "a2")
            store._batch.db = InterruptAt(store._batch.db, statement, after)
            save(store, "a3")
    assert committed(tmp_path) == (kept, 2 * len(kept))
    store.close()


def test_without_a_batch_each_save_commits_at_once(tmp_path):
    store = Store(tmp_path)
    save(store, "a1")
    assert committed(tmp_path) == (["a1"], 2)
    store.close()
