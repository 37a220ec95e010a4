"""`newsx scrape` against a real HTTP server on 127.0.0.1 (no other network).

The server serves tests/acquire/fixtures/ through ROUTES and counts requests per path, so the
tests can assert what was (not) requested: nothing on a rerun, nothing robots.txt forbids,
no retry of a 404.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.acquire.article_urls import article_file_id, load_rules
from pipeline.acquire.fetch import Fetcher
from pipeline.acquire.scrape import ALREADY_SAVED, UNCHANGED, read_url_file, scrape
from pipeline.clean import clean_page

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = "/news/2024/06/30/"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# path -> what to answer: (status, headers, body) or a callable(handler, nth_request) doing it.
def static(name: str, content_type: str):
    return lambda h, n: h.answer(200, {"Content-Type": content_type}, fixture(name))


def flaky(h, n):
    if n == 1:
        return h.answer(503, {"Retry-After": "0", "Content-Type": "text/html"}, b"<p>busy</p>")
    return h.answer(200, {"Content-Type": "text/html; charset=utf-8"}, fixture("flaky-article.html"))


def rate_limited(h, n):
    if n == 1:
        return h.answer(429, {"Retry-After": "1"}, b"")
    return h.answer(200, {"Content-Type": "text/html; charset=utf-8"}, fixture("utf8-article.html"))


def slow(h, n):
    time.sleep(1.5)          # longer than the tests' 0.5 s timeout: no header arrives in time
    h.answer(200, {"Content-Type": "text/html"}, fixture("utf8-article.html"))


def dribble(h, n):
    """Headers at once, then the body stalls half-way."""
    body = fixture("utf8-article.html")
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body[:100])
    h.wfile.flush()
    time.sleep(1.5)
    h.wfile.write(body[100:])


def big_streamed(h, n):
    """3 MB of HTML with no Content-Length: the client must count and stop."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(300):
        h.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")


def redirect(to: str, status: int = 301):
    return lambda h, n: h.answer(status, {"Location": to}, b"")


ROUTES = {
    "/robots.txt": static("robots.txt", "text/plain"),
    "/list/": static("list.html", "text/html; charset=utf-8"),
    ARTICLE + "utf8-100001.html": static("utf8-article.html", "text/html; charset=utf-8"),
    ARTICLE + "gbk-100002.html": static("gbk-meta-article.html", "text/html"),                 # meta gb2312
    ARTICLE + "gbk-100003.html": static("gbk-lying-article.html", "text/html; charset=utf-8"),  # header lies
    ARTICLE + "gbk-100004.html": static("gbk-latin1-article.html", "text/html; charset=ISO-8859-1"),
    ARTICLE + "missing-100005.html": lambda h, n: h.answer(404, {"Content-Type": "text/html"}, b"<p>no</p>"),
    ARTICLE + "flaky-100006.html": flaky,
    "/private/2024/06/30/secret-100007.html": static("private-article.html", "text/html; charset=utf-8"),
    "/slow/2024/06/30/slow-100008.html": slow,
    "/dribble.html": dribble,
    "/rate-limited.html": rate_limited,
    "/rate-limited-long.html": lambda h, n: h.answer(429, {"Retry-After": "3600"}, b""),
    "/old/utf8": redirect(ARTICLE + "utf8-100001.html"),
    "/loop": redirect("/loop", 302),
    "/to-ftp": redirect("ftp://127.0.0.1/etc/passwd", 302),
    "/big.html": big_streamed,
    "/big-declared.html": lambda h, n: h.answer(200, {"Content-Type": "text/html", "Content-Length": "99999999"}, b""),
    "/files/2024/06/30/report.pdf": lambda h, n: h.answer(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
    "/forbidden.html": lambda h, n: h.answer(403, {"Content-Type": "text/html"}, b"<p>no</p>"),
}


class FixtureSite:
    def __init__(self):
        self.hits: dict[str, int] = {}
        self.user_agents: list[str] = []
        self.routes = dict(ROUTES)
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                with site.lock:
                    n = site.hits[path] = site.hits.get(path, 0) + 1
                    site.user_agents.append(self.headers.get("User-Agent", ""))
                route = site.routes.get(path)
                try:
                    if route is None:
                        self.answer(404, {"Content-Type": "text/html"}, b"<p>not found</p>")
                    else:
                        route(self, n)
                except (BrokenPipeError, ConnectionResetError):
                    pass        # the client gave up (timeouts, size limit): expected

            def answer(self, status, headers, body):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.site_dir = f"127.0.0.1_{self.port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site(monkeypatch):
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)      # the test server is local: never go through a proxy
    s = FixtureSite()
    yield s
    s.close()


# The test server is on 127.0.0.1: loopback addresses are refused unless allowed.
FAST = dict(delay=0, timeout=0.5, retries=1, backoff=0.01, progress=False, allow_private=True)


def saved(out: Path, site: FixtureSite, url: str) -> tuple[bytes, dict]:
    file_id = article_file_id(url, load_rules())
    html = out / site.site_dir / f"{file_id}.html"
    return html.read_bytes(), json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))


def all_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


# ---- saving pages ------------------------------------------------------------------------

def test_utf8_page_saved_unchanged_with_sidecar(site, tmp_path):
    url = site.url(ARTICLE + "utf8-100001.html")
    before = datetime.now(timezone.utc).replace(microsecond=0)
    summary = scrape([url], tmp_path, **FAST)

    assert summary.exit_code == 0
    assert [r.url for r in summary.fetched] == [url]
    data, meta = saved(tmp_path, site, url)
    assert data == fixture("utf8-article.html")
    assert meta["url"] == url and meta["final_url"] == url
    assert meta["status"] == 200
    assert meta["content_type"] == "text/html; charset=utf-8"
    assert meta["encoding"] == "utf-8"
    assert meta["sha256"] == hashlib.sha256(data).hexdigest()
    assert meta["size"] == len(data)
    assert meta["scraper_version"].startswith("newsx/")
    fetched_at = datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00"))
    assert fetched_at.tzinfo is not None and fetched_at.utcoffset() == timedelta(0)
    assert before <= fetched_at <= datetime.now(timezone.utc) + timedelta(seconds=1)
    # The only files: the page and its sidecar (no temp files left behind).
    name = summary.fetched[0].path
    assert all_files(tmp_path) == [name, name.replace(".html", ".json")]
    # A clear User-Agent on every request.
    assert site.user_agents and all(ua.startswith("newsx/") and "+http" in ua for ua in site.user_agents)


@pytest.mark.parametrize("path, fixture_name, title, paragraph", [
    (ARTICLE + "utf8-100001.html", "utf8-article.html", "合肥智能语音产业集群营收突破千亿元",
     "2023年合肥智能语音产业集群实现营业收入2087.3亿元"),
    (ARTICLE + "gbk-100002.html", "gbk-meta-article.html", "苏州生物医药产业集群规模持续扩大",
     "目前苏州生物医药企业超过四千家"),
    (ARTICLE + "gbk-100003.html", "gbk-lying-article.html", "深圳新能源汽车产业链加速集聚",
     "深圳已经形成涵盖动力电池、电机电控、智能网联等环节的完整产业链条"),
    (ARTICLE + "gbk-100004.html", "gbk-latin1-article.html", "武汉光电子信息产业集群再上新台阶",
     "将进一步加强关键核心技术攻关，打造具有全球影响力的光谷品牌"),
], ids=["utf8", "gbk-meta", "gbk-header-says-utf8", "gbk-header-says-latin1"])
def test_saved_pages_clean_to_the_right_body(site, tmp_path, path, fixture_name, title, paragraph):
    url = site.url(path)
    summary = scrape([url], tmp_path, **FAST)
    assert summary.exit_code == 0, summary.report()
    data, meta = saved(tmp_path, site, url)
    assert data == fixture(fixture_name)            # bytes unchanged, whatever the encoding
    assert meta["encoding"] == ("utf-8" if fixture_name.startswith("utf8") else "gb18030")

    # What `newsx run` does with the page: clean it with the sidecar's URL and Content-Type.
    page = clean_page(data, "html", url=meta["final_url"], content_type=meta["content_type"])
    assert page.encoding == meta["encoding"]        # one decoding everywhere
    assert page.title.startswith(title)
    assert paragraph in page.body
    assert len(page.body.split("\n")) == 3
    assert "版权所有" not in page.body and "\ufffd" not in page.body


def test_redirect_followed_and_recorded(site, tmp_path):
    url = site.url("/old/utf8")
    summary = scrape([url], tmp_path, **FAST)
    assert summary.exit_code == 0
    data, meta = saved(tmp_path, site, url)
    assert data == fixture("utf8-article.html")
    assert meta["url"] == url
    assert meta["final_url"] == site.url(ARTICLE + "utf8-100001.html")
    assert meta["redirects"] == [meta["final_url"]]


# ---- failures and retries ----------------------------------------------------------------

def test_404_fails_at_once_without_retry(site, tmp_path):
    url = site.url(ARTICLE + "missing-100005.html")
    summary = scrape([url], tmp_path, **{**FAST, "retries": 3})
    assert summary.exit_code == 1
    assert [(r.url, r.reason) for r in summary.failed] == [(url, "http 404")]
    assert site.hits[ARTICLE + "missing-100005.html"] == 1
    assert all_files(tmp_path) == []
    assert url in summary.report() and "http 404" in summary.report()


def test_503_is_retried_and_then_saved(site, tmp_path):
    url = site.url(ARTICLE + "flaky-100006.html")
    summary = scrape([url], tmp_path, **FAST)
    assert summary.exit_code == 0, summary.report()
    assert site.hits[ARTICLE + "flaky-100006.html"] == 2
    data, meta = saved(tmp_path, site, url)
    assert data == fixture("flaky-article.html") and meta["status"] == 200


def test_503_gives_up_after_the_retries(site, tmp_path):
    site.routes[ARTICLE + "flaky-100006.html"] = lambda h, n: h.answer(503, {}, b"")
    summary = scrape([site.url(ARTICLE + "flaky-100006.html")], tmp_path, **{**FAST, "retries": 2})
    assert [r.reason for r in summary.failed] == ["http 503"]
    assert "after 3 attempts" in summary.failed[0].detail
    assert site.hits[ARTICLE + "flaky-100006.html"] == 3


def test_429_waits_as_long_as_retry_after_says(site, tmp_path):
    waits: list[float] = []
    fetcher = Fetcher(delay=0, timeout=0.5, retries=2, backoff=0.01, sleep=waits.append, allow_private=True)
    summary = scrape([site.url("/rate-limited.html"), site.url("/rate-limited-long.html")], tmp_path,
                     progress=False, fetcher=fetcher)
    assert [r.url for r in summary.fetched] == [site.url("/rate-limited.html")]
    assert waits == [1.0]                           # Retry-After: 1, not the 0.01 s backoff
    # Retry-After: 3600 is more than we wait: fail at once instead of hanging.
    assert [(r.reason, site.hits["/rate-limited-long.html"]) for r in summary.failed] == [("rate limited", 1)]
    assert "3600" in summary.failed[0].detail


def test_robots_txt_disallowed_path_is_never_requested(site, tmp_path):
    url = site.url("/private/2024/06/30/secret-100007.html")
    summary = scrape([url], tmp_path, **FAST)
    assert [r.reason for r in summary.failed] == ["disallowed by robots.txt"]
    assert "/private/2024/06/30/secret-100007.html" not in site.hits
    assert site.hits["/robots.txt"] == 1


def test_robots_txt_forbidden_means_disallow_all(site, tmp_path):
    site.routes["/robots.txt"] = lambda h, n: h.answer(403, {}, b"")
    summary = scrape([site.url(ARTICLE + "utf8-100001.html")], tmp_path, **FAST)
    assert [r.reason for r in summary.failed] == ["disallowed by robots.txt"]
    assert ARTICLE + "utf8-100001.html" not in site.hits


def test_missing_robots_txt_allows_all(site, tmp_path):
    del site.routes["/robots.txt"]                  # 404
    summary = scrape([site.url(ARTICLE + "utf8-100001.html")], tmp_path, **FAST)
    assert len(summary.fetched) == 1


def test_slow_response_times_out(site, tmp_path):
    url = site.url("/slow/2024/06/30/slow-100008.html")
    started = time.monotonic()
    summary = scrape([url], tmp_path, **FAST)
    assert [r.reason for r in summary.failed] == ["timeout"]
    assert site.hits["/slow/2024/06/30/slow-100008.html"] == 2      # timeouts are retried
    assert time.monotonic() - started < 2.5
    assert all_files(tmp_path) == []


def test_body_that_stalls_times_out(site, tmp_path):
    summary = scrape([site.url("/dribble.html")], tmp_path, **{**FAST, "retries": 0})
    assert [r.reason for r in summary.failed] == ["timeout"]
    assert "body" in summary.failed[0].detail
    assert all_files(tmp_path) == []


def test_forbidden_page_is_not_retried(site, tmp_path):
    summary = scrape([site.url("/forbidden.html")], tmp_path, **{**FAST, "retries": 3})
    assert [r.reason for r in summary.failed] == ["http 403"] and site.hits["/forbidden.html"] == 1


# ---- limits and hostile input ------------------------------------------------------------

def test_oversized_and_non_html_responses_are_refused(site, tmp_path):
    urls = [site.url("/big.html"), site.url("/big-declared.html"), site.url("/files/2024/06/30/report.pdf")]
    summary = scrape(urls, tmp_path, **FAST, max_bytes=1_000_000)
    reasons = {r.url: (r.reason, r.detail) for r in summary.failed}
    assert reasons[urls[0]][0] == "too large" and "1000000" in reasons[urls[0]][1]
    assert reasons[urls[1]][0] == "too large" and "Content-Length" in reasons[urls[1]][1]
    assert reasons[urls[2]] == ("not html", "Content-Type application/pdf")
    assert all_files(tmp_path) == []
    assert summary.by_reason() == {"too large": 2, "not html": 1}


def test_bad_urls_and_redirects_are_refused(site, tmp_path):
    urls = ["ftp://127.0.0.1/x.html", "file:///etc/passwd", "javascript:alert(1)", "http://", "not a url",
            site.url("/to-ftp"), site.url("/loop")]
    summary = scrape(urls, tmp_path, **FAST)
    reasons = [r.reason for r in summary.failed]
    assert reasons == ["bad url"] * 6 + ["too many redirects"]
    assert site.hits["/loop"] == 6                  # the first request + 5 redirects, then stop
    assert all_files(tmp_path) == []
    assert summary.exit_code == 1


def test_file_names_from_urls_stay_inside_the_output_folder(site, tmp_path):
    rules = load_rules()
    rules.sites[0].hosts.append("127.0.0.1")     # pretend the 163 rule covers the test host
    import re
    rules.sites[0].pattern = re.compile(r"[?&]id=(?P<id>[^&]+)")
    site.routes["/article"] = static("utf8-article.html", "text/html; charset=utf-8")
    urls = [site.url("/article?id=../../../../etc/passwd"), site.url("/article?id=" + "A" * 500),
            site.url("/article?id=%2F..%2Fx"), site.url("/article?id=..")]
    summary = scrape(urls, tmp_path / "out", rules=rules, **FAST)
    assert summary.exit_code == 0, summary.report()
    names = sorted(r.path for r in summary.fetched)
    assert len(set(names)) == 4
    for name in names:
        site_dir, file_name = name.split("/")
        assert site_dir == site.site_dir
        assert len(file_name) <= 105 and not file_name.startswith(".") and file_name.endswith(".html")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


# ---- reruns, refresh and resume ----------------------------------------------------------

def test_rerun_skips_saved_pages_without_a_request(site, tmp_path):
    url = site.url(ARTICLE + "utf8-100001.html")
    scrape([url], tmp_path, **FAST)
    hits = site.hits[ARTICLE + "utf8-100001.html"]
    data, meta = saved(tmp_path, site, url)

    again = scrape([url, url], tmp_path, **FAST)
    assert [r.reason for r in again.skipped] == ["duplicate URL in input", ALREADY_SAVED]
    assert again.exit_code == 0 and not again.fetched
    assert site.hits[ARTICLE + "utf8-100001.html"] == hits
    assert saved(tmp_path, site, url) == (data, meta)

    # --refresh asks again; same bytes: nothing rewritten.
    refreshed = scrape([url], tmp_path, refresh=True, **FAST)
    assert [r.reason for r in refreshed.skipped] == [UNCHANGED]
    assert site.hits[ARTICLE + "utf8-100001.html"] == hits + 1
    assert saved(tmp_path, site, url) == (data, meta)

    # The page changed on the server: --refresh replaces it and its sidecar.
    site.routes[ARTICLE + "utf8-100001.html"] = static("flaky-article.html", "text/html; charset=utf-8")
    changed = scrape([url], tmp_path, refresh=True, **FAST)
    assert len(changed.fetched) == 1
    new_data, new_meta = saved(tmp_path, site, url)
    assert new_data == fixture("flaky-article.html")
    assert new_meta["sha256"] == hashlib.sha256(new_data).hexdigest() != meta["sha256"]


def test_incomplete_save_is_fetched_again(site, tmp_path):
    url = site.url(ARTICLE + "utf8-100001.html")
    scrape([url], tmp_path, **FAST)
    html = tmp_path / scrape([url], tmp_path, **FAST).skipped[0].path
    html.write_bytes(b"<p>trunc")                  # as if a crash had left a stale page: sha256 differs
    summary = scrape([url], tmp_path, **FAST)
    assert len(summary.fetched) == 1
    assert html.read_bytes() == fixture("utf8-article.html")
    html.with_suffix(".json").unlink()              # page without sidecar: not a complete save
    assert len(scrape([url], tmp_path, **FAST).fetched) == 1


def test_interrupted_run_resumes_where_it_stopped(site, tmp_path):
    urls = [site.url(ARTICLE + p) for p in ("utf8-100001.html", "gbk-100002.html", "gbk-100003.html")]

    class InterruptedFetcher(Fetcher):
        def fetch_page(self, url):
            if url == urls[1]:
                raise KeyboardInterrupt
            return super().fetch_page(url)

    first = scrape(urls, tmp_path, progress=False,
                   fetcher=InterruptedFetcher(delay=0, timeout=0.5, allow_private=True))
    assert first.interrupted and first.exit_code == 130
    assert [r.url for r in first.fetched] == urls[:1]
    assert "resume" in first.report()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]

    second = scrape(urls, tmp_path, **FAST)
    assert [r.url for r in second.skipped] == urls[:1]
    assert [r.url for r in second.fetched] == urls[1:]
    assert second.exit_code == 0


# ---- list pages --------------------------------------------------------------------------

def test_list_page_articles_are_followed(site, tmp_path):
    summary = scrape([], tmp_path, list_url=site.url("/list/"), **FAST)
    fetched = [r.url for r in summary.fetched]
    assert fetched == [site.url(ARTICLE + p) for p in
                       ("utf8-100001.html", "gbk-100002.html", "gbk-100003.html", "gbk-100004.html")]
    # The robots-forbidden article link is reported, not fetched; nav, paging and the PDF are not articles.
    assert [(r.url, r.reason) for r in summary.failed] == [
        (site.url("/private/2024/06/30/secret-100007.html"), "disallowed by robots.txt")]
    for not_article in ("/about/contact.html", "/list/index_2.html", "/files/2024/06/30/report.pdf", "/"):
        assert not_article not in site.hits
    # The list page itself is not an article: only the four pages and their sidecars are saved.
    assert len(all_files(tmp_path)) == 8
    _, meta = saved(tmp_path, site, fetched[0])
    assert meta["found_on"] == site.url("/list/")


def test_list_page_max_and_resume(site, tmp_path):
    first = scrape([], tmp_path, list_url=site.url("/list/"), max_articles=2, **FAST)
    assert len(first.fetched) == 2 and not first.failed
    second = scrape([], tmp_path, list_url=site.url("/list/"), max_articles=4, **FAST)
    assert [r.url for r in second.skipped] == [r.url for r in first.fetched]
    assert len(second.fetched) == 2
    assert site.hits[ARTICLE + "utf8-100001.html"] == 1


def test_list_page_that_fails_is_reported(site, tmp_path):
    summary = scrape([], tmp_path, list_url=site.url("/no-such-list/"), **FAST)
    assert [(r.reason, r.detail) for r in summary.failed] == [("http 404", "list page: Not Found")]
    assert summary.exit_code == 1


# ---- reporting ---------------------------------------------------------------------------

def test_progress_lines_when_not_a_terminal(site, tmp_path, capsys):
    urls = [site.url(ARTICLE + "utf8-100001.html"), site.url(ARTICLE + "missing-100005.html")]
    summary = scrape(urls, tmp_path, **{**FAST, "progress": None})
    err = capsys.readouterr().err
    assert f"[1/2] fetched {urls[0]}" in err
    assert f"[2/2] failed {urls[1]} (http 404" in err
    report = summary.report()
    assert "1 fetched, 0 skipped, 1 failed" in report
    assert "failed: http 404 1" in report
    assert f"  {urls[1]}  http 404: Not Found" in report


def test_url_file_skips_blanks_and_comments(tmp_path):
    f = tmp_path / "urls.txt"
    f.write_text("\ufeff# my list\nhttp://a.example/1.html\n\n  http://a.example/2.html  \n# done\n", encoding="utf-8")
    assert read_url_file(f) == ["http://a.example/1.html", "http://a.example/2.html"]


def test_per_host_delay_between_requests(site, tmp_path):
    waits: list[float] = []
    fetcher = Fetcher(delay=5.0, timeout=0.5, retries=0, sleep=waits.append, allow_private=True)
    urls = [site.url(ARTICLE + "utf8-100001.html"), site.url(ARTICLE + "gbk-100002.html")]
    summary = scrape(urls, tmp_path, progress=False, fetcher=fetcher)
    assert len(summary.fetched) == 2
    # robots.txt, page 1, page 2: a wait of (nearly) the full delay before each later request.
    assert len(waits) == 2 and all(4.0 < w <= 5.0 for w in waits)


def test_robots_crawl_delay_is_honoured(site, tmp_path):
    site.routes["/robots.txt"] = lambda h, n: h.answer(200, {"Content-Type": "text/plain"},
                                                       b"User-agent: *\nCrawl-delay: 7\n")
    waits: list[float] = []
    fetcher = Fetcher(delay=0, timeout=0.5, retries=0, sleep=waits.append, allow_private=True)
    scrape([site.url(ARTICLE + "utf8-100001.html")], tmp_path, progress=False, fetcher=fetcher)
    assert len(waits) == 1 and 6.0 < waits[0] <= 7.0


# ---- end to end: `newsx scrape` then `newsx run` -----------------------------------------

def test_cli_scrape_then_run(site, tmp_path, capsys):
    import csv

    from pipeline.cli import main

    raw, extracted = tmp_path / "raw", tmp_path / "extracted"
    code = main(["scrape", "--list", site.url("/list/"), "--max", "4", "-o", str(raw),
                 "--delay", "0", "--timeout", "0.5", "--retries", "0", "--allow-private"])
    assert code == 0
    assert "4 fetched, 0 skipped, 0 failed" in capsys.readouterr().out
    assert main(["scrape", "-o", str(raw)]) == 2                      # nothing to fetch: usage error

    assert main(["run", str(raw), "-o", str(extracted)]) == 0
    with open(extracted / "articles.csv", encoding="utf-8-sig", newline="") as f:
        rows = {row["url"]: row for row in csv.DictReader(f)}
    with open(extracted / "articles.jsonl", encoding="utf-8") as f:
        bodies = {a["url"]: a["body"] for a in map(json.loads, f)}
    expected = {"utf8-100001.html": ("合肥智能语音产业集群营收突破千亿元", "实现营业收入2087.3亿元"),
                "gbk-100002.html": ("苏州生物医药产业集群规模持续扩大", "苏州生物医药企业超过四千家"),
                "gbk-100003.html": ("深圳新能源汽车产业链加速集聚", "新能源汽车产量突破一百七十万辆"),
                "gbk-100004.html": ("武汉光电子信息产业集群再上新台阶", "光电子信息产业集群营业收入超过五千亿元")}
    assert set(rows) == {site.url(ARTICLE + name) for name in expected}
    for name, (title, phrase) in expected.items():
        row = rows[site.url(ARTICLE + name)]
        assert row["status"] == "ok" and row["title"] == title
        assert row["article_id"] == f"{site.site_dir}/{article_file_id(site.url(ARTICLE + name), load_rules())}"
        assert phrase in bodies[row["url"]]


def test_a_list_page_with_no_article_links_says_which_rules_decide(site, tmp_path):
    summary = scrape([], tmp_path, list_url=site.url(ARTICLE + "utf8-100001.html"), **FAST)
    assert not summary.results
    report = summary.report()
    assert "no link on it looks like an article" in report and "rules/scrape.yaml" in report


# ---- total time per request, hosts and addresses -------------------------------------------

def drip_body(h, n):
    """Headers at once, then the body one byte every 0.1 s (4 s in all): each byte resets a
    per-read timeout."""
    body = fixture("utf8-article.html")[:40]
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.flush()
    for i in range(len(body)):
        h.wfile.write(body[i:i + 1])
        h.wfile.flush()
        time.sleep(0.1)


def drip_headers(h, n):
    """The status line, then a header one byte every 0.1 s (4 s in all)."""
    h.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n")
    for char in b"X-Padding: " + b"a" * 29 + b"\r\n":
        h.wfile.write(bytes([char]))
        h.wfile.flush()
        time.sleep(0.1)
    h.wfile.write(b"\r\n<html><body>late</body></html>")


@pytest.mark.parametrize("path, route", [("/drip-body.html", drip_body), ("/drip-headers.html", drip_headers)],
                         ids=["body", "headers"])
def test_a_dripping_response_ends_at_the_timeout(site, tmp_path, path, route):
    site.routes[path] = route
    started = time.monotonic()
    summary = scrape([site.url(path)], tmp_path, **{**FAST, "retries": 0})
    assert time.monotonic() - started < 2.0           # 0.5 s timeout; the drip lasts 4 s
    assert [r.reason for r in summary.failed] == ["timeout"]
    assert all_files(tmp_path) == []


def test_loopback_is_refused_without_allow_private(site, tmp_path):
    path = ARTICLE + "utf8-100001.html"
    urls = [site.url(path), f"http://localhost:{site.port}{path}", f"http://[::1]:{site.port}{path}"]
    summary = scrape(urls, tmp_path, **{**FAST, "allow_private": False})
    assert [(r.url, r.reason) for r in summary.failed] == [(url, "private address") for url in urls]
    assert "127.0.0.1 (loopback)" in summary.failed[1].detail and "--allow-private" in summary.failed[1].detail
    assert site.hits == {}                             # not even robots.txt was asked for
    assert all_files(tmp_path) == []


def test_a_redirect_to_a_private_address_is_refused(site, tmp_path, monkeypatch):
    from pipeline.acquire import fetch

    # The test server stands in for a public host: 127.0.0.1 counts as public here, the rest
    # of the loopback range does not (no traffic leaves the machine either way).
    real = fetch.refused_address
    monkeypatch.setattr(fetch, "refused_address", lambda ip: None if ip == "127.0.0.1" else real(ip))
    target = f"http://127.0.0.2:{site.port}{ARTICLE}utf8-100001.html"
    site.routes["/to-private"] = redirect(target, 302)
    summary = scrape([site.url("/to-private")], tmp_path, **{**FAST, "allow_private": False, "follow_hosts": True})
    assert [r.reason for r in summary.failed] == ["private address"]
    assert "127.0.0.2 (loopback)" in summary.failed[0].detail
    assert site.hits["/to-private"] == 1 and all_files(tmp_path) == []


def test_a_name_resolving_to_loopback_is_refused_when_connecting(site, tmp_path, monkeypatch):
    import socket

    from pipeline.acquire import fetch

    def resolve(host, port, *args, **kwargs):     # a public-looking name that answers 127.0.0.1
        assert host == "news.example.com"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", resolve)
    summary = scrape([f"http://news.example.com:{site.port}{ARTICLE}utf8-100001.html"], tmp_path,
                     **{**FAST, "allow_private": False})
    assert [r.reason for r in summary.failed] == ["private address"] and site.hits == {}


def test_a_redirect_to_another_host_is_not_followed_unless_asked(site, tmp_path):
    target = f"http://localhost:{site.port}{ARTICLE}utf8-100001.html"
    site.routes["/moved"] = redirect(target, 301)
    summary = scrape([site.url("/moved")], tmp_path, **FAST)
    assert [r.reason for r in summary.failed] == ["other host"]
    assert target in summary.failed[0].detail and "--follow-hosts" in summary.failed[0].detail
    assert ARTICLE + "utf8-100001.html" not in site.hits

    followed = scrape([site.url("/moved")], tmp_path, **{**FAST, "follow_hosts": True})
    assert len(followed.fetched) == 1 and site.hits[ARTICLE + "utf8-100001.html"] == 1


def test_list_links_to_other_hosts_are_skipped_unless_asked(site, tmp_path):
    here, there = site.url(ARTICLE + "utf8-100001.html"), f"http://localhost:{site.port}{ARTICLE}gbk-100002.html"
    page = f'<html><body><a href="{here}">一</a> <a href="{there}">二</a></body></html>'.encode()
    site.routes["/mixed-list/"] = lambda h, n: h.answer(200, {"Content-Type": "text/html; charset=utf-8"}, page)
    summary = scrape([], tmp_path, list_url=site.url("/mixed-list/"), **FAST)
    assert [r.url for r in summary.fetched] == [here]
    assert [(r.url, r.reason) for r in summary.skipped] == [(there, "other host")]
    assert ARTICLE + "gbk-100002.html" not in site.hits
    assert "other host 1" in summary.report()

    followed = scrape([], tmp_path / "all", list_url=site.url("/mixed-list/"), **{**FAST, "follow_hosts": True})
    assert sorted(r.url for r in followed.fetched) == sorted([here, there])


@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1%eth0", "link-local"), ("fd00::1", "private"),
    ("0.0.0.0", "unspecified"), ("100.64.0.1", "not public"), ("224.0.0.1", "multicast"),
    ("8.8.8.8", None), ("2001:4860:4860::8888", None), ("example.com", "not an IP address"),
])
def test_which_addresses_are_refused(address, why):
    from pipeline.acquire.fetch import refused_address

    assert refused_address(address) == why


def test_cli_scrape_of_loopback_says_allow_private(site, tmp_path, capsys):
    from pipeline.cli import main

    code = main(["scrape", site.url(ARTICLE + "utf8-100001.html"), "-o", str(tmp_path), "--delay", "0",
                 "--timeout", "0.5", "--retries", "0"])
    out = capsys.readouterr().out
    assert code == 1 and "private address" in out and "--allow-private" in out and site.hits == {}
