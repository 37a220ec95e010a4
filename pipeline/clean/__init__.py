"""Clean stage: a saved page (HTML or page text) -> title, published time, source, author, body.

Entry point: `clean_page`. (First version; the cleaner issue deepens html.py/pagetext.py.)
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.decode import decode_bytes


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


def clean_page(data: bytes, kind: str, url: str = "", content_type: str | None = None) -> CleanedPage:
    """Clean one saved page. `kind` is "html" or "text" (a page as a browser's select-all copies it)."""
    text, encoding = decode_bytes(data, content_type)
    if not text.strip():
        raise CleanError("empty page")
    if kind == "html":
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(text)
        title = (tree.findtext(".//title") or "").strip()
        for bad in tree.xpath("//script|//style|//nav|//header|//footer"):
            bad.drop_tree()
        paras = [p.text_content().strip() for p in tree.xpath("//p")]
        body = "\n".join(p for p in paras if p)
        page = CleanedPage(title=title, body=body)
    else:
        lines = [ln.strip() for ln in text.splitlines()]
        page = CleanedPage(body="\n".join(ln for ln in lines if ln))
    if not page.body.strip():
        raise CleanError("no article text found")
    page.encoding = encoding
    return page
