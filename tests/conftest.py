"""Shared test helpers: where the real corpus is, and small rule directories made per test."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
SCORER = SHARED / "tools" / "score.py"


def pytest_configure(config):
    """The regex cache (pipeline/regex_cache.py) of the whole test run goes to a temporary folder,
    never the user's ~/.cache: set before collection, as some test modules load rules on import."""
    config._newsx_cache_dir = tempfile.mkdtemp(prefix="newsx-test-cache-")
    config._newsx_cache_dir_before = os.environ.get("NEWSX_CACHE_DIR")
    os.environ["NEWSX_CACHE_DIR"] = config._newsx_cache_dir


def pytest_unconfigure(config):
    if not hasattr(config, "_newsx_cache_dir"):
        return
    shutil.rmtree(config._newsx_cache_dir, ignore_errors=True)
    if config._newsx_cache_dir_before is None:
        os.environ.pop("NEWSX_CACHE_DIR", None)
    else:
        os.environ["NEWSX_CACHE_DIR"] = config._newsx_cache_dir_before


@pytest.fixture
def regex_cache_dir(tmp_path, monkeypatch) -> Path:
    """An empty regex cache folder of this test's own, and pipeline.speedups.regex_cache as in a new process."""
    from pipeline.speedups import regex_cache

    d = tmp_path / "cache"
    monkeypatch.setenv("NEWSX_CACHE_DIR", str(d))
    for name, fresh in (("_stored", None), ("_used", {}), ("_unsaved", False)):
        monkeypatch.setattr(regex_cache, name, fresh)
    return d


@pytest.fixture
def shared_corpus() -> Path:
    """The shared development corpus, read in place; tests needing it skip when it is absent."""
    if not DEV_CORPUS.is_dir() or not SCORER.exists():
        pytest.skip(f"shared corpus not found at {SHARED} (it lives beside the repo on the team's machines)")
    return SHARED


@pytest.fixture
def gold_bodies(shared_corpus) -> list[str]:
    """The body of every gold file in the shared corpus (dev, bodies/, pagetext/), in path order."""
    return [json.loads(p.read_text(encoding="utf-8")).get("body") or ""
            for p in sorted((shared_corpus / "corpus").glob("**/*.gold.json"))]


@pytest.fixture
def corpus_texts(shared_corpus, gold_bodies) -> list[str]:
    """Every real text we have: the gold bodies, then the copied page texts (chrome included)."""
    texts = gold_bodies + [p.read_text(encoding="utf-8")
                           for p in sorted((shared_corpus / "corpus").glob("pagetext/**/*.txt"))]
    assert len(texts) > 50
    return texts


@pytest.fixture
def user_rules(tmp_path) -> Path:
    """An empty user rules directory to layer over the built-in rules."""
    d = tmp_path / "user_rules"
    d.mkdir()
    return d


def run_on_articles(root: Path, articles: dict[str, str], out_name: str = "out") -> Path:
    """Write articles (relative file name -> text) under root/in, run `newsx run` on them
    into root/<out_name>, and return that output folder."""
    from pipeline.cli import main

    for name, text in articles.items():
        path = root / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert main(["run", str(root / "in"), "-o", str(root / out_name)]) == 0
    return root / out_name
