"""The dossier page in a real headless Chromium: search a cluster, read its timeline chart (values
side by side, conflicts in red), its quotes with speaker and date, and follow a link into the
review page. Needs chromium + chromedriver (.ci/run installs them); a screenshot goes to
tests/artifacts/dossier.png.
"""
from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import NO_CHROMIUM, chromium_available, console_errors, run_on_articles, start_chromium
from dossier_articles import ARTICLES, NANO

from pipeline.cli import main

pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

pytestmark = pytest.mark.skipif(not chromium_available(), reason=NO_CHROMIUM)

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
A2023, REPORT = "news.example.com/nano-2023", "stats.example.com/nano-report"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """dossiers.html and review.html side by side over the same output folder."""
    extracted = run_on_articles(tmp_path_factory.mktemp("dossier-page"), ARTICLES, "extracted")
    assert main(["review", str(extracted), "-o", str(extracted.parent / "review.html")]) == 0
    assert main(["dossier", str(extracted), "-o", str(extracted.parent / "dossiers.html")]) == 0
    return extracted.parent


@pytest.fixture(scope="module")
def browser():
    yield from start_chromium()


def wait_ready(browser):
    deadline = time.time() + 20
    while browser.execute_script("return document.body.dataset.ready") != "true":
        assert time.time() < deadline, "page never finished rendering"
        time.sleep(0.05)


def open_dossier(browser, pages: Path, hash_: str = ""):
    browser.get((pages / "dossiers.html").as_uri() + hash_)
    wait_ready(browser)


def search(browser, text: str):
    box = browser.find_element(By.ID, "cluster-search")
    box.clear()
    box.send_keys(text)


def test_search_opens_the_cluster_with_its_chart_and_quotes(browser, pages):
    open_dossier(browser, pages)
    assert console_errors(browser) == []
    search(browser, "纳米")
    listed = browser.find_elements(By.CSS_SELECTOR, "#cluster-list li")
    assert [li.get_attribute("data-cluster") for li in listed] == [NANO]
    assert browser.find_element(By.ID, "cluster-name").text == NANO
    # revenue: three values on the timeline, by publication date; the two for 2023 disagree and are red
    revenue = browser.find_element(By.CSS_SELECTOR, '.metric[data-metric="营业收入"]')
    dots = revenue.find_elements(By.CSS_SELECTOR, "svg.chart circle.pt")
    assert sorted(float(d.get_attribute("data-value")) for d in dots) == [1.52e11, 1.6e11, 1.68e11]
    red = {d.get_attribute("data-article") for d in dots if "conflict" in d.get_attribute("class")}
    assert red == {A2023, REPORT}
    xs = {d.get_attribute("data-article"): float(d.get_attribute("cx")) for d in dots}
    assert xs["news.example.com/nano-2022"] < xs[A2023] < xs[REPORT]      # published 2023-03, 2024-02, 2024-03
    # the conflict is shown as the two values side by side, not one number
    block = revenue.find_element(By.CSS_SELECTOR, ".conflicts")
    assert block.get_attribute("data-date") == "2023"
    assert [b.text for b in block.find_elements(By.CSS_SELECTOR, ".value b")] == ["1680亿元", "1600亿元"]
    # quotes, newest first, with speaker and date
    quotes = browser.find_elements(By.CSS_SELECTOR, "#quote-list li.quote")
    assert [(q.find_element(By.CSS_SELECTOR, ".who").text, q.find_element(By.CSS_SELECTOR, ".when").text)
            for q in quotes] == [("李强 · 副主任 · 苏州市发展改革委", "2024-02-20"),
                                 ("王华 · 局长 · 苏州市工业和信息化局", "2023-03-15")]
    assert quotes[1].find_element(By.CSS_SELECTOR, ".words").text.startswith("集群已经形成")
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "dossier.png"))


def test_a_name_as_written_finds_the_cluster_and_the_hash_reopens_it(browser, pages):
    open_dossier(browser, pages)
    search(browser, "无锡物联网产业")
    assert browser.find_element(By.ID, "cluster-name").text == "无锡物联网集群"
    chart = browser.find_element(By.CSS_SELECTOR, '.metric[data-metric="营业收入"] svg.chart')
    assert len(chart.find_elements(By.CSS_SELECTOR, "circle.pt")) == 1
    open_dossier(browser, pages, "#cluster=" + quote(NANO))
    assert browser.find_element(By.ID, "cluster-name").text == NANO


def test_a_fact_links_to_its_record_in_the_review_page(browser, pages):
    open_dossier(browser, pages, "#cluster=" + quote(NANO))
    link = browser.find_element(By.CSS_SELECTOR, f'.metric[data-metric="营业收入"] .conflicts a[href*="{quote(REPORT, safe="")}"]')
    assert link.get_attribute("href").startswith((pages / "review.html").as_uri() + "#article=")
    link.click()
    wait_ready(browser)
    assert console_errors(browser) == []
    assert browser.find_element(By.CSS_SELECTOR, "#article .meta b").text == REPORT
    focused = browser.find_elements(By.CSS_SELECTOR, "#article-body .focus")
    assert "".join(s.text for s in focused) == "1600亿元"
