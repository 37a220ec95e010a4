"""Article URLs: which links on a list page are articles, and where a URL's page is saved.

The patterns are data (rules/scrape.yaml); this module only applies them.
Naming: `raw_articles/<site>/<id>.html`, `<site>` the host (without `www.`), `<id>` the
site's own article id when a site rule finds one in the URL, else a hash of the URL, so
the same URL always lands in the same file. Every name is sanitised here, because URLs
come from pages we do not control.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipeline.rules import RuleError, read_rule_yaml, refuse_unknown_keys

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[2] / "rules" / "scrape.yaml"

MAX_URL_LENGTH = 2048
MAX_NAME_LENGTH = 100          # one path component; well under every filesystem's 255
_SAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_SAFE_SITE_CHARS = re.compile(r"[^a-z0-9._-]+")


class UnsafeUrl(ValueError):
    """Not an http(s) URL we are willing to fetch or name a file after."""


@dataclass
class ArticleUrlRule:
    id: str
    description: str
    pattern: re.Pattern
    hosts: list[str] = field(default_factory=list)      # empty: a generic rule
    expected_id: str | None = None                       # the id of the first `match` example
    match_examples: list[str] = field(default_factory=list)
    no_match_examples: list[str] = field(default_factory=list)

    def covers_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def example_failures(self) -> list[tuple[str, str]]:
        """(url, what went wrong) for each of this rule's examples that it gets wrong."""
        failures = [(u, "should match") for u in self.match_examples if not self.pattern.search(u)]
        failures += [(u, "should not match") for u in self.no_match_examples if self.pattern.search(u)]
        if self.hosts and self.expected_id is not None and self.match_examples:
            got = self.article_id(self.match_examples[0])
            if got != self.expected_id:
                failures.append((self.match_examples[0], f"article id {got!r}, expected {self.expected_id!r}"))
        return failures

    def article_id(self, url: str) -> str | None:
        """The site's article id in `url` (first non-empty group named id…), None when none."""
        m = self.pattern.search(url)
        if not m:
            return None
        for name, value in m.groupdict().items():
            if name.startswith("id") and value:
                return value
        return None


@dataclass
class ArticleUrlRules:
    sites: list[ArticleUrlRule]
    generic: list[ArticleUrlRule]

    def rules_for(self, url: str) -> list[ArticleUrlRule]:
        """Site rules covering the URL's host; the generic rules when no site rule does."""
        host = (urlsplit(url).hostname or "").lower()
        site_rules = [r for r in self.sites if r.covers_host(host)]
        return site_rules or self.generic

    def matching_rule(self, url: str) -> ArticleUrlRule | None:
        return next((r for r in self.rules_for(url) if r.pattern.search(url)), None)

    def is_article(self, url: str) -> bool:
        return self.matching_rule(url) is not None

    def article_id(self, url: str) -> str | None:
        """The site's own article id, from site rules only (generic ids are not stable enough)."""
        host = (urlsplit(url).hostname or "").lower()
        for rule in self.sites:
            if rule.covers_host(host):
                found = rule.article_id(url)
                if found:
                    return found
        return None


_RULE_KEYS = {"id", "description", "pattern", "hosts", "example_article_id", "examples", "__line__"}
_EXAMPLE_KEYS = {"match", "no_match", "__line__"}


def _rule_from_yaml(entry: object, generic: bool, path: Path) -> ArticleUrlRule:
    if not isinstance(entry, dict):
        raise RuleError(path, None, f"each rule is a mapping, got {entry!r}")
    line, rule_id = entry.get("__line__"), entry.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(path, line, "rule without an `id`")
    refuse_unknown_keys(entry, _RULE_KEYS, path, rule_id=rule_id)
    if not isinstance(entry.get("description"), str) or not entry["description"].strip():
        raise RuleError(path, line, "rule needs a short `description`", rule_id)
    try:
        pattern = re.compile(entry["pattern"])
    except KeyError:
        raise RuleError(path, line, "rule needs a `pattern`", rule_id) from None
    except (re.error, TypeError) as err:
        raise RuleError(path, line, f"bad pattern: {err}", rule_id) from None
    if not generic and not entry.get("hosts"):
        raise RuleError(path, line, "a site rule needs `hosts`", rule_id)
    examples = entry.get("examples") or {}
    if isinstance(examples, dict):
        refuse_unknown_keys(examples, _EXAMPLE_KEYS, path, "example key(s)", rule_id)
    if not isinstance(examples, dict) or not examples.get("match"):
        raise RuleError(path, line, "`examples:` needs `match:` (and may have `no_match:`) URL lists", rule_id)
    expected = entry.get("example_article_id")
    return ArticleUrlRule(
        id=rule_id,
        description=entry["description"].strip(),
        pattern=pattern,
        hosts=[] if generic else [str(h).lower() for h in entry["hosts"]],
        expected_id=str(expected) if expected is not None else None,
        match_examples=[str(u) for u in examples.get("match") or []],
        no_match_examples=[str(u) for u in examples.get("no_match") or []],
    )


def load_rules(path: str | Path | None = None) -> ArticleUrlRules:
    """Load and validate rules/scrape.yaml; errors name the file, the line and the rule."""
    path = Path(path or DEFAULT_RULES_PATH)
    data = read_rule_yaml(path) or {}
    if not isinstance(data, dict):
        raise RuleError(path, 1, "the file is a mapping with `sites:` and `generic:`")
    refuse_unknown_keys(data, {"sites", "generic"}, path, "top-level key(s)")
    sites = [_rule_from_yaml(e, False, path) for e in data.get("sites") or []]
    generic = [_rule_from_yaml(e, True, path) for e in data.get("generic") or []]
    first_line: dict[str, int] = {}
    for raw, rule in zip([*(data.get("sites") or []), *(data.get("generic") or [])], [*sites, *generic]):
        if rule.id in first_line:
            raise RuleError(path, raw.get("__line__"), f"duplicate id (first at line {first_line[rule.id]})", rule.id)
        first_line[rule.id] = raw.get("__line__")
    return ArticleUrlRules(sites=sites, generic=generic)


def normalise_url(url: str) -> str:
    """Validate an http(s) URL and put it in one canonical form (the key for naming and dedup).

    Lower-case scheme and host, default port dropped, #fragment dropped, empty path -> "/".
    """
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"URL longer than {MAX_URL_LENGTH} characters")
    if any(ord(c) < 32 or c == "\x7f" for c in url):
        raise UnsafeUrl("control characters in URL")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeUrl(f"not an http(s) URL: scheme {scheme or 'missing'!r}")
    try:
        host = parts.hostname
        port = parts.port
    except ValueError as err:             # e.g. a non-numeric port
        raise UnsafeUrl(f"bad host or port: {err}") from None
    if not host:
        raise UnsafeUrl("URL has no host")
    if parts.username or parts.password:
        raise UnsafeUrl("credentials in URL")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise UnsafeUrl(f"bad host name {host!r}") from None
    netloc = host if ":" not in host else f"[{host}]"    # IPv6 literal
    if port and port != {"http": 80, "https": 443}[scheme]:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def site_name(url: str) -> str:
    """Directory name for a URL's site: the host without `www.`, port as `_<port>`."""
    parts = urlsplit(normalise_url(url))
    host = parts.hostname or ""
    if host.startswith("www."):
        host = host[4:]
    name = host + (f"_{parts.port}" if parts.port else "")
    return _sanitise(_SAFE_SITE_CHARS.sub("_", name.lower())) or "site"


def url_hash(url: str) -> str:
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()[:20]


def article_file_id(url: str, rules: ArticleUrlRules) -> str:
    """File name (without extension) for a URL: the site's article id, else a URL hash."""
    found = rules.article_id(normalise_url(url))
    name = _sanitise(_SAFE_NAME_CHARS.sub("_", found)) if found else ""
    return name or url_hash(url)


def _sanitise(name: str) -> str:
    """One safe path component: no separators (already replaced), no leading dots, bounded."""
    name = name.lstrip(".")[:MAX_NAME_LENGTH].rstrip(".")
    return "" if name in ("", ".", "..") else name


def article_path(out_dir: str | Path, url: str, rules: ArticleUrlRules) -> Path:
    """`out_dir/<site>/<id>.html` for a URL, checked to lie inside out_dir."""
    root = Path(out_dir).resolve()
    path = (root / site_name(url) / f"{article_file_id(url, rules)}.html").resolve()
    if root not in path.parents:          # belt and braces: sanitising should make this impossible
        raise UnsafeUrl(f"file name for {url} escapes {root}")
    return path


def find_article_links(html_text: str, page_url: str, rules: ArticleUrlRules) -> list[str]:
    """Absolute, normalised article URLs linked from a list page, in page order, no duplicates."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html_text)
    except Exception:          # lxml raises ParserError / ValueError on empty or odd documents
        return []
    base = page_url
    base_href = tree.xpath("//base/@href")
    if base_href:
        base = urljoin(page_url, base_href[0].strip())
    found: list[str] = []
    seen: set[str] = set()
    for href in tree.xpath("//a/@href"):
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            url = normalise_url(urljoin(base, href))
        except (UnsafeUrl, ValueError):
            continue
        if url not in seen and rules.is_article(url):
            seen.add(url)
            found.append(url)
    return found
