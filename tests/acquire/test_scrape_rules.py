"""rules/scrape.yaml and URL naming, without a server."""
from __future__ import annotations

import pytest

from pipeline.acquire.article_urls import (
    UnsafeUrl,
    article_file_id,
    article_path,
    find_article_links,
    load_rules,
    normalise_url,
    site_name,
    url_hash,
)
from pipeline.acquire.fetch import is_html_content_type, parse_retry_after

RULES = load_rules()
ALL_RULES = RULES.sites + RULES.generic


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.id for r in ALL_RULES])
def test_rule_examples(rule):
    assert rule.description and rule.match_examples and rule.no_match_examples
    assert rule.example_failures() == []
    if rule.hosts:                                 # a site rule names the id it takes from a URL
        assert rule.expected_id is not None
        for url in rule.match_examples:
            assert RULES.is_article(url) and RULES.article_id(url)


def test_example_failures_are_reported():
    from dataclasses import replace

    rule = replace(RULES.sites[0], no_match_examples=[RULES.sites[0].match_examples[0]], expected_id="WRONG")
    reasons = [reason for _, reason in rule.example_failures()]
    assert "should not match" in reasons and any(r.startswith("article id") for r in reasons)


def test_rule_ids_are_unique():
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))


def test_file_names():
    assert article_path("raw", "https://www.163.com/news/article/HS4K5E2T0514R9P4.html", RULES).parts[-2:] == \
        ("163.com", "HS4K5E2T0514R9P4.html")
    assert site_name("HTTP://News.Sina.com.cn:80/x") == "news.sina.com.cn"
    assert site_name("http://127.0.0.1:8000/x") == "127.0.0.1_8000"
    # No site id: a hash of the normalised URL, the same for the same URL.
    url = "https://www.example.cn/2022/0630/c_12.html"
    assert article_file_id(url, RULES) == url_hash(url) == article_file_id(url + "#comments", RULES)
    assert len(url_hash(url)) == 20 and article_file_id(url + "?p=2", RULES) != url_hash(url)


@pytest.mark.parametrize("bad", ["ftp://a.cn/x", "file:///etc/passwd", "javascript:alert(1)", "//a.cn/x", "http://",
                                 "http://user:pw@a.cn/", "http://a.cn:99999/", "http://a.cn/\nx",
                                 "http://a.cn/" + "x" * 3000])
def test_unsafe_urls_are_refused(bad):
    with pytest.raises(UnsafeUrl):
        normalise_url(bad)


def test_normalise_url():
    assert normalise_url(" HTTPS://WWW.163.com:443/a?b=1#c ") == "https://www.163.com/a?b=1"
    assert normalise_url("http://例子.中国") == "http://xn--fsqu00a.xn--fiqs8s/"


def test_list_page_links_use_site_rules_for_covered_hosts():
    page = """<html><body>
      <a href="/news/article/HS4K5E2T0514R9P4.html">a</a>
      <a href="https://www.163.com/dy/article/HA1B2C3D0519QIKK.html?f=1#x">b</a>
      <a href="/news/2022/06/30/something-1234.html">dated, but 163 has a site rule</a>
      <a href="https://www.example.cn/2022/0630/c_12.html">other host: generic rule</a>
      <a href="https://www.example.cn/about.html">not an article</a>
      <a href="/news/article/HS4K5E2T0514R9P4.html">again</a>
    </body></html>"""
    assert find_article_links(page, "https://www.163.com/news/", RULES) == [
        "https://www.163.com/news/article/HS4K5E2T0514R9P4.html",
        "https://www.163.com/dy/article/HA1B2C3D0519QIKK.html?f=1",
        "https://www.example.cn/2022/0630/c_12.html",
    ]
    assert find_article_links("", "https://www.163.com/", RULES) == []


def test_retry_after():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 30) == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 + 30) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_html_content_types():
    assert is_html_content_type("text/html; charset=GBK")
    assert is_html_content_type("application/xhtml+xml")
    assert not is_html_content_type("application/pdf")
    assert not is_html_content_type("text/plain; charset=utf-8")
    assert is_html_content_type("", b"  <!DOCTYPE html>") and not is_html_content_type("", b"%PDF")


@pytest.mark.parametrize("text, line, fragment", [
    ("sites:\n  - id: a\n    description: x\n    hosts: [a.cn]\n    patern: 'x'\n", 5, "rule a: unknown key(s) patern (did you mean pattern?)"),
    ("sites:\n  - id: a\n    description: x\n    hosts: [a.cn]\n    pattern: '(x'\n    examples: {match: [http://a.cn/1]}\n",
     2, "rule a: bad pattern"),
    ("sites:\n  - id: a\n    description: x\n    pattern: 'x'\n    examples: {match: [http://a.cn/1]}\n", 2, "needs `hosts`"),
    ("generic:\n  - id: g\n    description: x\n    pattern: 'x'\n    examples: {match: [http://a.cn/x]}\n"
     "  - id: g\n    description: y\n    pattern: 'y'\n    examples: {match: [http://a.cn/y]}\n", 6, "duplicate id (first at line 2)"),
    ("generic:\n  - id: g\n    description: x\n    pattern: 'x'\n", 2, "`examples:` needs `match:`"),
    ("site:\n  - id: g\n", 1, "unknown top-level key(s) site (did you mean sites?)"),
])
def test_malformed_scrape_rules_name_file_line_and_rule(tmp_path, text, line, fragment):
    from pipeline.rules import RuleError

    path = tmp_path / "scrape.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(path)
    assert str(err.value).startswith(f"{path}:{line}:") and fragment in str(err.value), str(err.value)
