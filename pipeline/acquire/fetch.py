"""HTTP for the scraper: one polite, bounded GET of a page.

`Fetcher.fetch_page(url)` obeys robots.txt, waits a per-host delay, follows a bounded
number of redirects itself (so every hop is checked: http(s) only, robots, host delay,
the same host unless `follow_hosts`), retries connection errors, timeouts, 429 and 5xx with
exponential backoff (honouring Retry-After), never retries other 4xx, refuses non-HTML
content types and bodies over a size limit (the body is streamed and reading stops past
the limit).

Each request, from connecting to the last byte, ends within `timeout` seconds: a timer shuts
the socket down, so a server that sends one byte a second cannot hold it. Connections go
only to public addresses unless `allow_private`: the check is made on the addresses the
name resolves to when connecting (our own urllib3 connection class), so neither a redirect,
a link, nor a name resolving to 127.0.0.1 or 10.x reaches the machine's own network.

The retry loop is our own rather than urllib3's Retry: Retry cannot cap a huge
Retry-After, cannot share the per-host delay, and does not retry a body that times
out half-way through.
"""
from __future__ import annotations

import email.utils
import ipaddress
import socket
import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from pipeline.acquire.article_urls import UnsafeUrl, normalise_url
from pipeline.version import __version__

SCRAPER_VERSION = __version__
CONTACT_URL = "https://github.com/newsx/newsx"     # where a site operator can find out who we are
DEFAULT_USER_AGENT = f"newsx/{SCRAPER_VERSION} (+{CONTACT_URL}; news research crawler)"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ROBOTS_MAX_BYTES = 512 * 1024                      # RFC 9309: parse at least 500 KiB
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_CRAWL_DELAY = 60.0                             # a robots Crawl-delay above this is capped

# Failure reasons: short, stable strings the summary groups by.
ROBOTS_DISALLOWED = "disallowed by robots.txt"
BAD_URL = "bad url"
TIMEOUT = "timeout"
CONNECTION_ERROR = "connection error"
TOO_MANY_REDIRECTS = "too many redirects"
TOO_LARGE = "too large"
NOT_HTML = "not html"
RATE_LIMITED = "rate limited"
PRIVATE_ADDRESS = "private address"
OTHER_HOST = "other host"


@dataclass
class FetchResult:
    url: str                          # as asked
    final_url: str = ""               # after redirects
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    fetched_at: str = ""              # UTC ISO 8601, when the response arrived
    error: str = ""                   # one of the reasons above, or "http <status>"; "" on success
    detail: str = ""                  # the human explanation of `error`
    attempts: int = 0
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error


class FetchFailure(Exception):
    def __init__(self, reason: str, detail: str = "", status: int | None = None, retryable: bool = False,
                 retry_after: float | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail, self.status = reason, detail, status
        self.retryable, self.retry_after = retryable, retry_after


@dataclass
class _Response:
    """One HTTP exchange, body already read (empty for redirects and errors)."""
    url: str
    status: int
    headers: requests.structures.CaseInsensitiveDict
    body: bytes = b""


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def is_html_content_type(content_type: str, body_start: bytes = b"") -> bool:
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime:
        return mime in HTML_CONTENT_TYPES
    # No Content-Type at all: accept what looks like markup.
    return body_start.lstrip()[:1] == b"<"


def refused_address(ip: str) -> str | None:
    """Why an address is not a public one we may connect to (loopback, private...), else None."""
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "not public"


def same_site(host: str, other: str) -> bool:
    """The same host, with or without `www.` (sites redirect between the two)."""
    def bare(h: str) -> str:
        h = (h or "").lower()
        return h[4:] if h.startswith("www.") else h
    return bare(host) == bare(other)


class AddressRefused(Exception):
    """A connection to a loopback, private or otherwise non-public address, not allowed.

    Not an OSError: urllib3 and requests pass it through instead of retrying it."""


class _ConnectionGuard:
    """Where the fetcher's connections may go, and the sockets to shut when a request overruns."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private
        self.sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()

    def connect(self, conn: HTTPConnection) -> socket.socket:
        """urllib3's `_new_conn`, connecting only to the addresses the name resolves to now
        that are allowed (no second lookup that could answer differently)."""
        host = getattr(conn, "_dns_host", None) or conn.host
        try:
            found = socket.getaddrinfo(host.strip("[]"), conn.port, 0, socket.SOCK_STREAM)
        except socket.gaierror as err:
            raise NameResolutionError(conn.host, conn, err) from err
        addresses, refused = [], []
        for *_, sockaddr in found:
            why = None if self.allow_private else refused_address(sockaddr[0])
            (refused if why else addresses).append((sockaddr[0], why))
        if not addresses:
            ip, why = refused[0]
            raise AddressRefused(f"{conn.host} is {ip} ({why})")
        error: OSError | None = None
        for ip, _ in addresses:
            try:
                sock = create_connection((ip, conn.port), conn.timeout, source_address=conn.source_address,
                                         socket_options=conn.socket_options)
            except OSError as err:
                error = err
                continue
            self.sockets.add(sock)
            return sock
        if isinstance(error, socket.timeout):
            raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out") from error
        raise NewConnectionError(conn, f"Failed to establish a new connection: {error}") from error

    def shut_all(self) -> None:
        """Shut every open socket down: a blocked read returns at once."""
        for sock in list(self.sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _GuardedAdapter(HTTPAdapter):
    """requests' adapter with pools whose connections are made by a _ConnectionGuard."""

    def __init__(self, guard: _ConnectionGuard):
        self.guard = guard
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        connect = self.guard.connect
        http_conn = type("GuardedHTTPConnection", (HTTPConnection,), {"_new_conn": lambda c: connect(c)})
        https_conn = type("GuardedHTTPSConnection", (HTTPSConnection,), {"_new_conn": lambda c: connect(c)})
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
        }


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class Fetcher:
    """A requests session with robots.txt, per-host delay, retries and limits. Not thread-safe."""

    def __init__(self, *, user_agent: str | None = None, delay: float = 1.0, timeout: float = 15.0,
                 retries: int = 3, backoff: float = 1.0, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_redirects: int = 5, max_retry_after: float = 120.0, obey_robots: bool = True,
                 allow_private: bool = False, follow_hosts: bool = False,
                 sleep: Callable[[float], None] = time.sleep, session: requests.Session | None = None):
        self.user_agent = user_agent or DEFAULT_USER_AGENT
        self.delay = delay
        self.timeout = timeout          # for each socket operation, and for the whole request
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.max_retry_after = max_retry_after
        self.obey_robots = obey_robots
        self.allow_private = allow_private
        self.follow_hosts = follow_hosts
        self.sleep = sleep
        self.session = session or requests.Session()
        self.guard = _ConnectionGuard(allow_private)
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, _GuardedAdapter(self.guard))
        self.session.headers.update({
            "User-Agent": self.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
        })
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}     # host -> robots.txt Crawl-delay
        self.waits: list[float] = []          # every sleep we did, for the curious (and tests)

    def close(self) -> None:
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- public -------------------------------------------------------------------------

    def fetch_page(self, url: str) -> FetchResult:
        """GET an HTML page: robots, redirects, retries, type and size checks. Never raises for
        network or HTTP trouble: the reason is in `FetchResult.error`."""
        result = FetchResult(url=url)
        try:
            current = normalise_url(url)
        except UnsafeUrl as err:
            return self._failed(result, BAD_URL, str(err))
        try:
            for _hop in range(self.max_redirects + 1):
                if not self.allowed_by_robots(current):
                    parts = urlsplit(current)
                    return self._failed(result, ROBOTS_DISALLOWED, f"{parts.scheme}://{parts.netloc}/robots.txt")
                response = self._get_with_retries(current, result, self.max_bytes, html_only=True)
                result.final_url = current
                result.status = response.status
                if response.status in REDIRECT_STATUSES:
                    target = self._redirect_target(current, response)
                    if not self.follow_hosts and not same_site(urlsplit(url).hostname, urlsplit(target).hostname):
                        return self._failed(result, OTHER_HOST, f"redirect to {target}, another host "
                                                                "(--follow-hosts follows it)")
                    current = target
                    result.redirects.append(current)
                    continue
                result.content_type = response.headers.get("Content-Type", "")
                result.body = response.body
                result.fetched_at = utc_now_iso()
                return result
            return self._failed(result, TOO_MANY_REDIRECTS,
                                f"more than {self.max_redirects} redirects (last: {current})")
        except FetchFailure as failure:
            if failure.status is not None:
                result.status = failure.status
            return self._failed(result, failure.reason, failure.detail)

    def allowed_by_robots(self, url: str) -> bool:
        if not self.obey_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._robots[origin] = self._load_robots(origin)
        return robots.can_fetch(self.user_agent, url)

    # ---- internals ----------------------------------------------------------------------

    @staticmethod
    def _failed(result: FetchResult, reason: str, detail: str) -> FetchResult:
        result.error, result.detail = reason, detail
        return result

    def _redirect_target(self, current: str, response: _Response) -> str:
        location = response.headers.get("Location", "").strip()
        if not location:
            raise FetchFailure(f"http {response.status}", "redirect without Location", status=response.status)
        try:
            return normalise_url(urljoin(current, location))
        except UnsafeUrl as err:
            raise FetchFailure(BAD_URL, f"redirect to {location!r}: {err}", status=response.status) from None

    def _load_robots(self, origin: str) -> RobotFileParser:
        """robots.txt of an origin. As urllib.robotparser: 401/403 disallow all, other 4xx allow all;
        unreachable (network errors, 5xx after retries) disallows all for this run (RFC 9309)."""
        robots = RobotFileParser(origin + "/robots.txt")
        url = origin + "/robots.txt"
        try:
            for _ in range(self.max_redirects + 1):
                response = self._get_with_retries(url, None, ROBOTS_MAX_BYTES, html_only=False)
                if response.status in REDIRECT_STATUSES:
                    url = self._redirect_target(url, response)
                    continue
                break
            else:
                raise FetchFailure(TOO_MANY_REDIRECTS)
        except FetchFailure as failure:
            if failure.reason == PRIVATE_ADDRESS:
                raise          # the page's own failure, not a robots.txt one
            if failure.status is not None and 400 <= failure.status < 500:
                if failure.status in (401, 403):
                    robots.disallow_all = True
                else:
                    robots.allow_all = True
            else:
                robots.disallow_all = True
            return robots
        robots.parse(response.body.decode("utf-8", errors="replace").splitlines())
        crawl_delay = robots.crawl_delay(self.user_agent)
        if crawl_delay:
            host = urlsplit(origin).netloc
            self._crawl_delay[host] = min(float(crawl_delay), MAX_CRAWL_DELAY)
        return robots

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.waits.append(seconds)
            self.sleep(seconds)

    def _wait_for_host(self, host: str) -> None:
        delay = max(self.delay, self._crawl_delay.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None:
            self._wait(last + delay - time.monotonic())

    def _get_with_retries(self, url: str, result: FetchResult | None, max_bytes: int,
                          html_only: bool) -> _Response:
        """One URL (no redirect following), retried on transient trouble; raises FetchFailure."""
        failure: FetchFailure | None = None
        for attempt in range(self.retries + 1):
            if result is not None:
                result.attempts += 1
            try:
                return self._get_once(url, max_bytes, html_only)
            except FetchFailure as err:
                failure = err
            if not failure.retryable or attempt == self.retries:
                break
            wait = self.backoff * (2 ** attempt)
            if failure.retry_after is not None:
                if failure.retry_after > self.max_retry_after:
                    raise FetchFailure(RATE_LIMITED if failure.status == 429 else failure.reason,
                                       f"server asks to wait {failure.retry_after:.0f}s (Retry-After), "
                                       f"more than the {self.max_retry_after:.0f}s we wait",
                                       status=failure.status)
                wait = failure.retry_after
            self._wait(wait)
        assert failure is not None
        if failure.retryable and self.retries:
            failure.detail = f"{failure.detail} (after {self.retries + 1} attempts)".strip()
        raise failure

    def _get_once(self, url: str, max_bytes: int, html_only: bool) -> _Response:
        host = urlsplit(url).netloc
        self._wait_for_host(host)
        self._check_proxied(url)
        # The whole request within `timeout`: past it the timer shuts the socket, and whatever
        # read was waiting fails at once (a server dripping bytes resets every per-read timeout).
        overran = threading.Event()

        def overrun() -> None:
            overran.set()
            self.guard.shut_all()

        timer = threading.Timer(self.timeout, overrun)
        timer.daemon = True
        timer.start()
        try:
            try:
                response = self.session.get(url, stream=True, allow_redirects=False,
                                            timeout=(self.timeout, self.timeout))
            except AddressRefused as err:
                raise FetchFailure(PRIVATE_ADDRESS, f"{err}; --allow-private fetches it") from None
            except requests.exceptions.RequestException as err:
                if overran.is_set() or isinstance(err, requests.exceptions.Timeout):
                    raise FetchFailure(TIMEOUT, f"no response within {self.timeout:g}s", retryable=True) from err
                if isinstance(err, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                                    requests.exceptions.MissingSchema)):
                    raise FetchFailure(BAD_URL, str(err)) from err
                raise FetchFailure(CONNECTION_ERROR, _short(err), retryable=True) from err    # refused, DNS, TLS…
            finally:
                self._last_request[host] = time.monotonic()
            try:
                answer = self._read_response(url, response, max_bytes, html_only)
            except FetchFailure as failure:
                if overran.is_set() and failure.reason in (CONNECTION_ERROR, TIMEOUT):
                    raise FetchFailure(TIMEOUT, f"body not read within {self.timeout:g}s", status=failure.status,
                                       retryable=True) from failure
                raise
            finally:
                response.close()
                self._last_request[host] = time.monotonic()
            if overran.is_set():       # the shut socket looked like the end of a body without a length
                raise FetchFailure(TIMEOUT, f"body not read within {self.timeout:g}s", status=answer.status,
                                   retryable=True)
            return answer
        finally:
            timer.cancel()

    def _check_proxied(self, url: str) -> None:
        """Through a proxy we never connect to the page's host ourselves: check its name here."""
        if self.allow_private:
            return
        proxies = {**requests.utils.get_environ_proxies(url), **self.session.proxies} if self.session.trust_env \
            else dict(self.session.proxies)
        if not requests.utils.select_proxy(url, proxies):
            return
        parts = urlsplit(url)
        try:
            found = socket.getaddrinfo(parts.hostname, parts.port or 80, 0, socket.SOCK_STREAM)
        except socket.gaierror:
            return                         # the proxy resolves it, or says it cannot
        for *_, sockaddr in found:
            why = refused_address(sockaddr[0])
            if why:
                raise FetchFailure(PRIVATE_ADDRESS, f"{parts.hostname} is {sockaddr[0]} ({why}); "
                                                    "--allow-private fetches it")

    def _read_response(self, url: str, response: requests.Response, max_bytes: int,
                       html_only: bool) -> _Response:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            return _Response(url, status, response.headers)
        if status == 429 or 500 <= status < 600:
            raise FetchFailure(RATE_LIMITED if status == 429 else f"http {status}",
                               response.reason or "", status=status, retryable=status != 501,
                               retry_after=parse_retry_after(response.headers.get("Retry-After")))
        if not 200 <= status < 300:
            raise FetchFailure(f"http {status}", response.reason or "", status=status)
        content_type = response.headers.get("Content-Type", "")
        if html_only and content_type and not is_html_content_type(content_type):
            raise FetchFailure(NOT_HTML, f"Content-Type {content_type}", status=status)
        declared_length = response.headers.get("Content-Length", "")
        if declared_length.isdigit() and int(declared_length) > max_bytes:
            raise FetchFailure(TOO_LARGE, f"Content-Length {declared_length} > limit {max_bytes}", status=status)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchFailure(TOO_LARGE, f"body over the limit of {max_bytes} bytes", status=status)
                chunks.append(chunk)
        except requests.exceptions.ConnectionError as err:
            # requests wraps a read timeout inside the body as a ConnectionError.
            timed_out = isinstance(err.args[0] if err.args else None, urllib3.exceptions.ReadTimeoutError)
            reason = TIMEOUT if timed_out else CONNECTION_ERROR
            raise FetchFailure(reason, "while reading the body: " + _short(err), retryable=True) from err
        except (requests.exceptions.ChunkedEncodingError, urllib3.exceptions.ProtocolError) as err:
            raise FetchFailure(CONNECTION_ERROR, "body cut short: " + _short(err), retryable=True) from err
        except requests.exceptions.ContentDecodingError as err:
            raise FetchFailure(CONNECTION_ERROR, "bad compressed body: " + _short(err)) from err
        body = b"".join(chunks)
        if html_only and not content_type and not is_html_content_type("", body[:512]):
            raise FetchFailure(NOT_HTML, "no Content-Type and the body is not markup", status=status)
        return _Response(url, status, response.headers, body)


def _short(err: Exception, limit: int = 200) -> str:
    text = str(err) or type(err).__name__
    return text if len(text) <= limit else text[:limit] + "…"
