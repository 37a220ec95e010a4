"""What the clean stage produces from one page, and the error it raises when there is no article."""
from __future__ import annotations

from dataclasses import dataclass


class CleanError(ValueError):
    """The page has no article we can extract (empty, binary, no body text)."""


@dataclass
class CleanedPage:
    title: str = ""
    body: str = ""            # paragraphs joined by "\n"
    published_at: str = ""    # ISO 8601, truncated to what the page states
    source: str = ""          # 媒体来源
    author: str = ""
    encoding: str = ""
    url: str = ""             # the page's address: the one given, else canonical/og:url
    extractor: str = ""       # "profile:<id>", "generic" or "pagetext": which path produced the body


# Below this many characters of body, the page has no article (a list page, an error page).
MIN_BODY_CHARS = 20
