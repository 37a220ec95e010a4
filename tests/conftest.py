"""Shared test helpers: where the real corpus is, and small rule directories made per test."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
SCORER = SHARED / "tools" / "score.py"


@pytest.fixture
def shared_corpus() -> Path:
    """The shared development corpus, read in place; tests needing it skip when it is absent."""
    if not DEV_CORPUS.is_dir() or not SCORER.exists():
        pytest.skip(f"shared corpus not found at {SHARED} (it lives beside the repo on the team's machines)")
    return SHARED


@pytest.fixture
def user_rules(tmp_path) -> Path:
    """An empty user rules directory to layer over the built-in rules."""
    d = tmp_path / "user_rules"
    d.mkdir()
    return d
