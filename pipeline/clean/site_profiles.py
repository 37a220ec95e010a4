"""Site profiles: per-host selectors for the big portals, kept as data in rules/sites/*.yaml.

A file holds `profiles:`, a list of mappings with these keys:

    id           stable identifier, unique across all files (reported in CleanedPage.extractor)
    description  what template the profile describes
    hosts        host names it applies to; a host also matches its subdomains
    detect       optional selectors whose presence identifies the template when no URL is known
    body         selectors for the article element, tried in order (required)
    title, time, source, author   selectors, tried in order; the first non-empty text wins
    drop         selectors of noise inside the body element (share bars, embedded players)
    examples     list of {html, body, title?, published_at?}: small pages the tests run

Selectors are CSS, or XPath when they start with "/" or "(". Files are validated on
load: unknown keys, missing ids, bad selectors and duplicate ids raise ProfileError
naming the file, the line and the profile. A profile whose body selectors match
nothing usable returns None from `apply_profile`, and the caller falls back to the
generic extractor.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree

from pipeline.clean import metadata
from pipeline.clean.css_xpath import css_to_xpath
from pipeline.clean.dom import drop_element, element_text, normalise_space, text_blocks
from pipeline.clean.generic_body import filter_blocks
from pipeline.rules import RuleError, key_line, read_rule_yaml, refuse_unknown_keys

RULES_DIR = Path(__file__).resolve().parents[2] / "rules" / "sites"
SELECTOR_KEYS = ("detect", "body", "title", "time", "source", "author", "drop")
ALLOWED_KEYS = {"id", "description", "hosts", "examples", *SELECTOR_KEYS}
EXAMPLE_KEYS = {"html", "body", "title", "published_at", "source", "url"}
MIN_PROFILE_BODY_CHARS = 20


@dataclass
class SiteProfile:
    id: str
    description: str
    hosts: list[str]
    selectors: dict[str, list[str]]
    examples: list[dict] = field(default_factory=list)
    path: str = ""
    line: int = 0
    compiled: dict[str, list[etree.XPath]] = field(default_factory=dict, repr=False)


@dataclass
class ProfileResult:
    paragraphs: list[str]
    title: str = ""
    published: str = ""


def compile_selector(selector: str) -> etree.XPath:
    """CSS or XPath (leading "/" or "(") to a compiled XPath; raises ValueError when invalid."""
    selector = selector.strip()
    if not selector:
        raise ValueError("empty selector")
    expr = selector if selector.startswith(("/", "(")) else css_to_xpath(selector)
    try:
        return etree.XPath(expr)
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"bad XPath {selector!r}: {exc}") from exc


# --- loading and validation -------------------------------------------------------------
# Files are read by the project's rule loader (pipeline/rules.py): every mapping carries its
# line as `__line__`, and errors are RuleErrors ("file:line: rule <id>: message").

class ProfileError(RuleError):
    """A profile file is malformed; the message names the file, the line and the profile."""


def _line(node, default: int | None = None) -> int | None:
    return node.get("__line__", default) if isinstance(node, dict) else default


def _scalar(value, path: Path, line, key: str, profile_id: str | None) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise ProfileError(path, line, f"{key!r} must be a string", profile_id)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()  # YAML reads an unquoted 2023-05-06T10:20:30 as a timestamp
    return str(value)


def _string_list(value, path: Path, line, key: str, profile_id: str | None) -> list[str]:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [str(value)]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ProfileError(path, line, f"{key!r} must be a string or a list of strings", profile_id)
    return [str(v) for v in value]


def load_profile_file(path: Path) -> list[SiteProfile]:
    """Parse and validate one profile file."""
    try:
        data = read_rule_yaml(Path(path))
    except ProfileError:
        raise
    except RuleError as exc:
        raise ProfileError(exc.path, exc.line, str(exc).split(": ", 1)[-1].lstrip(), exc.rule_id) from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ProfileError(path, 1, "expected a mapping with a 'profiles' list")
    refuse_unknown_keys(data, {"profiles"}, path, "top-level key(s)", error=ProfileError)
    seq = data.get("profiles")
    if not isinstance(seq, list):
        raise ProfileError(path, _line(data), "'profiles' must be a list")
    return [_load_profile(item, Path(path), _line(data)) for item in seq]


def _load_profile(item, path: Path, file_line) -> SiteProfile:
    if not isinstance(item, dict):
        raise ProfileError(path, file_line, "a profile must be a mapping")
    line = _line(item)
    if "id" not in item:
        raise ProfileError(path, line, "profile without 'id'")
    profile_id = _scalar(item["id"], path, line, "id", None)
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", profile_id):
        raise ProfileError(path, line, "id must be lower-case letters, digits, '-', '_', '.'", profile_id)
    refuse_unknown_keys(item, ALLOWED_KEYS, path, rule_id=profile_id, error=ProfileError)
    for required in ("description", "hosts", "body"):
        if required not in item:
            raise ProfileError(path, line, f"missing required key {required!r}", profile_id)
    profile = SiteProfile(
        id=profile_id,
        description=_scalar(item["description"], path, line, "description", profile_id),
        hosts=[h.lower().strip(".") for h in _string_list(item["hosts"], path, line, "hosts", profile_id)],
        selectors={}, path=str(path), line=line or 0)
    for key in SELECTOR_KEYS:
        if key not in item:
            continue
        where = key_line(path, line, key)
        selectors = _string_list(item[key], path, where, key, profile_id)
        compiled = []
        for selector in selectors:
            try:
                compiled.append(compile_selector(selector))
            except ValueError as exc:
                raise ProfileError(path, where, f"{key}: {exc}", profile_id) from exc
        profile.selectors[key] = selectors
        profile.compiled[key] = compiled
    if "examples" in item:
        examples = item["examples"]
        if not isinstance(examples, list):
            raise ProfileError(path, key_line(path, line, "examples"), "'examples' must be a list", profile_id)
        for ex in examples:
            if not isinstance(ex, dict):
                raise ProfileError(path, line, "an example must be a mapping", profile_id)
            ex_line = _line(ex, line)
            refuse_unknown_keys(ex, EXAMPLE_KEYS, path, "example key(s)", profile_id, ProfileError)
            data = {}
            for k, v in ex.items():
                if k == "__line__":
                    continue
                data[k] = _scalar(v, path, ex_line, k, profile_id)
            if "html" not in data or "body" not in data:
                raise ProfileError(path, ex_line, "an example needs 'html' and 'body'", profile_id)
            data["line"] = ex_line
            profile.examples.append(data)
    return profile


def load_profiles(directory: Path = RULES_DIR) -> list[SiteProfile]:
    """Every profile under `directory`; duplicate ids across files are an error."""
    profiles: list[SiteProfile] = []
    seen: dict[str, SiteProfile] = {}
    for path in sorted(Path(directory).glob("*.yaml")) + sorted(Path(directory).glob("*.yml")):
        for profile in load_profile_file(path):
            if profile.id in seen:
                first = seen[profile.id]
                raise ProfileError(profile.path, profile.line,
                                   f"duplicate id (first defined at {first.path}:{first.line})", profile.id)
            seen[profile.id] = profile
            profiles.append(profile)
    return profiles


@lru_cache(maxsize=1)
def default_profiles() -> tuple[SiteProfile, ...]:
    return tuple(load_profiles(RULES_DIR))


def site_profiles(rules) -> tuple[SiteProfile, ...]:
    """The profiles of every layer's sites/ folder of a RuleSet (built-in first); a later
    layer's profile replaces the one with the same id, new ids add. Cached per rules version
    (a digest of every rule file, sites/ included), so an edited profile is read again."""
    return _site_profiles(tuple(str(d) for d in rules.dirs), rules.version)


@lru_cache(maxsize=8)
def _site_profiles(dir_names: tuple[str, ...], _version: str) -> tuple[SiteProfile, ...]:
    by_id: dict[str, SiteProfile] = {}
    for name in dir_names:
        sites = Path(name) / "sites"
        for profile in load_profiles(sites) if sites.is_dir() else []:
            by_id[profile.id] = profile
    return tuple(by_id.values())


# --- matching and applying ------------------------------------------------------------------

def host_of(url: str) -> str:
    if not url:
        return ""
    parsed = urlparse(url if "//" in url else "//" + url)
    return (parsed.hostname or "").lower()


def profile_for(url: str, root, profiles=None, page_text: str | None = None) -> SiteProfile | None:
    """The profile for the page's host; without a known host, one whose `detect` selectors match.

    `page_text` (the page's markup) makes detection cheap: a portal's page always links
    to its own domain, so a profile's selectors only run on pages mentioning one of its hosts.
    """
    profiles = default_profiles() if profiles is None else profiles
    host = host_of(url)
    if host:
        for profile in profiles:
            if any(host == h or host.endswith("." + h) for h in profile.hosts):
                return profile
    for profile in profiles:
        if page_text is not None and not any(h in page_text for h in profile.hosts):
            continue
        if any(xp(root) for xp in profile.compiled.get("detect", [])):
            return profile
    return None


def _first_text(profile: SiteProfile, root, key: str) -> str:
    for xp in profile.compiled.get(key, []):
        for hit in xp(root):
            text = normalise_space(hit if isinstance(hit, str) else element_text(hit))
            if text:
                return text
    return ""


def profile_field(profile: SiteProfile, root, key: str) -> str:
    """Text of a metadata field (title, source, author) by the profile's selectors."""
    text = _first_text(profile, root, key)
    if key in ("source", "author"):
        text = re.sub(r"^(?:来源|作者|编辑|责任编辑|本文来源)\s*[:：]\s*", "", text).strip()
        text = metadata.clean_name(text[:40])
    return text


def apply_profile(profile: SiteProfile, root, title: str = "") -> ProfileResult | None:
    """Body, title and time by the profile; None when its body selectors find no article."""
    container = None
    for xp in profile.compiled.get("body", []):
        hits = [h for h in xp(root) if not isinstance(h, str)]
        if hits:
            container = hits[0]
            break
    if container is None:
        return None
    for xp in profile.compiled.get("drop", []):
        for el in xp(container):
            if not isinstance(el, str) and el is not container:
                drop_element(el)
    own_title = _first_text(profile, root, "title") or title
    paragraphs = filter_blocks(text_blocks(container), own_title)
    if len("".join("".join(paragraphs).split())) < MIN_PROFILE_BODY_CHARS:
        return None  # template changed: let the generic extractor try
    published = metadata.iso_datetime(_first_text(profile, root, "time"))
    return ProfileResult(paragraphs=paragraphs, title=own_title, published=published)
