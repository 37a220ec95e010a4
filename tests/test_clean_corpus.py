"""The issue-10 body F1 targets on the shared development corpus (../shared, read in place).

Skipped with a message when the corpus is not checked out beside the repository.
"""
import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# Issue 10's acceptance targets. Where a set is not there yet, FLOORS holds the level reached,
# so a regression fails CI while the gap stays visible (the closing note reports it).
TARGETS = {"dev": 0.98, "bodies/gne": 0.99, "bodies/cwced": 0.975, "pagetext/gne": 0.93, "pagetext/cwced": 0.95}
FLOORS = dict(TARGETS)

pytestmark = pytest.mark.skipif(not (SHARED / "corpus").is_dir() or not (SHARED / "tools" / "score.py").exists(),
                                reason=f"shared corpus not found at {SHARED}")


def bench():
    spec = importlib.util.spec_from_file_location("bench_clean", REPO / "benchmarks" / "bench_clean.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("set_name", list(TARGETS))
def test_body_f1_target(set_name):
    b = bench()
    summary, rows = b.evaluate(b.ours, SHARED / "corpus" / set_name, b.load_scorer(SHARED))
    worst = sorted(rows, key=lambda r: r[1][2])[:3]
    print(f"{set_name}: F1 {summary['f1']:.3f} (target {TARGETS[set_name]})")
    assert summary["f1"] >= FLOORS[set_name], f"{set_name}: F1 {summary['f1']:.3f}; worst pages {worst}"


def test_seed_has_no_related_link_text():
    from pipeline.clean import clean_page

    page = clean_page((SHARED / "corpus" / "dev" / "seed-netease.txt").read_bytes(), "text")
    assert page.title == "数字产业集聚成“群” 增添发展新动能"
    assert page.body.endswith("(文/经济参考报记者 郭倩 北京报道)")
    for chrome in ("相关推荐", "热点推荐", "分享至", "网易首页", "头条要闻", "2024-04-16"):
        assert chrome not in page.body


def test_dev_titles_and_published_times_match_gold():
    """Every dev page: the title is the headline (no site suffix), and the time is the article's
    own dateline or nothing (never a related list's timestamp)."""
    import json

    from pipeline.clean import clean_page

    dev = SHARED / "corpus" / "dev"
    wrong = []
    for gold_path in sorted(dev.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = dev / gold["input"]
        page = clean_page(path.read_bytes(), "text" if path.suffix == ".txt" else "html")
        published = gold.get("published") or ""
        if not (page.published_at == published or (published and page.published_at.startswith(published))):
            wrong.append((gold["id"], "published", page.published_at, published))
        if page.title != (gold.get("title") or ""):
            wrong.append((gold["id"], "title", page.title, gold.get("title")))
    assert not wrong, wrong
