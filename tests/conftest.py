"""Shared test helpers: where the real corpus is, and small rule directories made per test."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
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
    # Exit status 1 when an article fails: the sets with an empty page have one on purpose.
    expected = 1 if any(not text.strip() for text in articles.values()) else 0
    assert main(["run", str(root / "in"), "-o", str(root / out_name)]) == expected
    return root / out_name


# --- the review page in a real headless Chromium (Debian's chromium + chromium-driver; .ci/run installs them)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# Flags that keep Chromium off the (closed) network and out of first-run chores.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1400,1000"]
NO_CHROMIUM = "needs chromium and chromedriver (apt-get install chromium chromium-driver) and selenium"


def chromium_available() -> bool:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return bool(CHROMIUM and CHROMEDRIVER)


def start_chromium(downloads: Path | None = None):
    """A headless Chromium under selenium, on its own throwaway profile; yields the driver, then quits."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="newsx-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    if downloads is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_review_page(browser, path: Path):
    """Open a review page and wait until it has rendered; marks of an earlier test are cleared."""
    browser.get(path.as_uri())
    deadline = time.time() + 20
    while browser.execute_script("return document.body.dataset.ready") != "true":
        assert time.time() < deadline, "review page never finished rendering"
        time.sleep(0.05)
    browser.execute_script("localStorage.clear()")   # marks of an earlier test would leak in


def console_errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
