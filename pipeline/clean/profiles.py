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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import yaml
from lxml import etree

from pipeline.clean import chrome, metadata
from pipeline.clean.dom import drop_element, element_text, normalise_space, text_blocks

RULES_DIR = Path(__file__).resolve().parents[2] / "rules" / "sites"
SELECTOR_KEYS = ("detect", "body", "title", "time", "source", "author", "drop")
ALLOWED_KEYS = {"id", "description", "hosts", "examples", *SELECTOR_KEYS}
EXAMPLE_KEYS = {"html", "body", "title", "published_at", "source", "url"}
MIN_PROFILE_BODY_CHARS = 20


class ProfileError(ValueError):
    """A profile file is malformed; the message names the file, line and profile."""


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
    if selector.startswith(("/", "(")):
        expr = selector
    else:
        from cssselect import GenericTranslator, SelectorError

        try:
            expr = GenericTranslator().css_to_xpath(selector)
        except SelectorError as exc:
            raise ValueError(f"bad CSS selector {selector!r}: {exc}") from exc
    try:
        return etree.XPath(expr)
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"bad XPath {selector!r}: {exc}") from exc


# --- loading and validation -------------------------------------------------------------

def _where(path: Path, node, profile_id: str = "") -> str:
    line = node.start_mark.line + 1 if node is not None else 0
    who = f", profile {profile_id!r}" if profile_id else ""
    return f"{path}:{line}{who}"


def _scalar(node, path: Path, key: str, profile_id: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise ProfileError(f"{_where(path, node, profile_id)}: {key!r} must be a string")
    return str(node.value)


def _string_list(node, path: Path, key: str, profile_id: str) -> list[str]:
    if isinstance(node, yaml.ScalarNode):
        return [str(node.value)]
    if not isinstance(node, yaml.SequenceNode) or not all(isinstance(n, yaml.ScalarNode) for n in node.value):
        raise ProfileError(f"{_where(path, node, profile_id)}: {key!r} must be a string or a list of strings")
    return [str(n.value) for n in node.value]


def load_profile_file(path: Path) -> list[SiteProfile]:
    """Parse and validate one profile file (YAML nodes keep line numbers for the errors)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML: {exc}") from exc
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise ProfileError(f"{_where(path, root)}: expected a mapping with a 'profiles' list")
    top = {k.value: v for k, v in root.value}
    unknown = set(top) - {"profiles"}
    if unknown:
        key_node = next(k for k, _ in root.value if k.value in unknown)
        raise ProfileError(f"{_where(path, key_node)}: unknown top-level key {sorted(unknown)[0]!r}")
    seq = top.get("profiles")
    if not isinstance(seq, yaml.SequenceNode):
        raise ProfileError(f"{_where(path, seq if seq is not None else root)}: 'profiles' must be a list")
    profiles = []
    for item in seq.value:
        profiles.append(_load_profile(item, path))
    return profiles


def _load_profile(item, path: Path) -> SiteProfile:
    if not isinstance(item, yaml.MappingNode):
        raise ProfileError(f"{_where(path, item)}: a profile must be a mapping")
    fields = {k.value: (k, v) for k, v in item.value}
    id_node = fields.get("id", (None, None))[1]
    if id_node is None:
        raise ProfileError(f"{_where(path, item)}: profile without 'id'")
    profile_id = _scalar(id_node, path, "id", "")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", profile_id):
        raise ProfileError(f"{_where(path, id_node, profile_id)}: id must be lower-case letters, digits, '-', '_', '.'")
    for key, (key_node, _) in fields.items():
        if key not in ALLOWED_KEYS:
            raise ProfileError(f"{_where(path, key_node, profile_id)}: unknown key {key!r} "
                               f"(allowed: {', '.join(sorted(ALLOWED_KEYS))})")
    for required in ("description", "hosts", "body"):
        if required not in fields:
            raise ProfileError(f"{_where(path, item, profile_id)}: missing required key {required!r}")
    profile = SiteProfile(
        id=profile_id,
        description=_scalar(fields["description"][1], path, "description", profile_id),
        hosts=[h.lower().strip(".") for h in _string_list(fields["hosts"][1], path, "hosts", profile_id)],
        selectors={}, path=str(path), line=item.start_mark.line + 1)
    for key in SELECTOR_KEYS:
        if key not in fields:
            continue
        node = fields[key][1]
        selectors = _string_list(node, path, key, profile_id)
        compiled = []
        for selector in selectors:
            try:
                compiled.append(compile_selector(selector))
            except ValueError as exc:
                raise ProfileError(f"{_where(path, node, profile_id)}: {key}: {exc}") from exc
        profile.selectors[key] = selectors
        profile.compiled[key] = compiled
    if "examples" in fields:
        examples_node = fields["examples"][1]
        if not isinstance(examples_node, yaml.SequenceNode):
            raise ProfileError(f"{_where(path, examples_node, profile_id)}: 'examples' must be a list")
        for ex in examples_node.value:
            if not isinstance(ex, yaml.MappingNode):
                raise ProfileError(f"{_where(path, ex, profile_id)}: an example must be a mapping")
            data = {}
            for k, v in ex.value:
                if k.value not in EXAMPLE_KEYS:
                    raise ProfileError(f"{_where(path, k, profile_id)}: unknown example key {k.value!r}")
                data[k.value] = _scalar(v, path, k.value, profile_id)
            if "html" not in data or "body" not in data:
                raise ProfileError(f"{_where(path, ex, profile_id)}: an example needs 'html' and 'body'")
            data["line"] = ex.start_mark.line + 1
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
                raise ProfileError(f"{profile.path}:{profile.line}, profile {profile.id!r}: duplicate id "
                                   f"(first defined at {first.path}:{first.line})")
            seen[profile.id] = profile
            profiles.append(profile)
    return profiles


@lru_cache(maxsize=1)
def default_profiles() -> tuple[SiteProfile, ...]:
    return tuple(load_profiles(RULES_DIR))


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
        text = text[:40]
    return text


def apply_profile(profile: SiteProfile, root, title: str = "") -> ProfileResult | None:
    """Body, title and time by the profile; None when its body selectors find no article."""
    from pipeline.clean.html import filter_blocks

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


def is_chrome(text: str) -> bool:  # used by examples checks: a body line must not be chrome
    return chrome.is_interface_line(text) or chrome.is_related_heading(text)
