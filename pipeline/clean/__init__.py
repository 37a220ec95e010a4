"""Clean stage: a saved page (HTML or page text) -> title, published time, source, author, body.

Entry point: `clean_page`. HTML goes through the site profile for its host when one
exists (rules/sites/*.yaml, `profiles.py`) and the generic DOM extractor otherwise
(`html.py`); a profile that no longer matches the page falls back to the generic path.
Page text (a browser's select-all copy, `.txt`) goes through `pagetext.py`.
"""
from __future__ import annotations

from pipeline.acquire.decode import DecodeError, decode_bytes, mojibake
from pipeline.clean.cleaned_page import MIN_BODY_CHARS, CleanedPage, CleanError
from pipeline.clean.from_html import clean_html
from pipeline.clean.from_pagetext import clean_pagetext

__all__ = ["CleanError", "CleanedPage", "clean_page"]


def clean_page(data: bytes, kind: str, url: str = "", content_type: str | None = None,
               site_profiles=None) -> CleanedPage:
    """Clean one saved page. `kind` is "html" or "text" (a page as a browser's select-all copies it).
    `site_profiles`: the profiles to use (pipeline.clean.site_profiles.site_profiles of the rules
    layers); the built-in ones when None."""
    if kind not in ("html", "text"):
        raise CleanError(f"unknown page kind {kind!r}: expected 'html' or 'text'")
    # isspace(), not strip(): strip() copies the whole page.
    if not data or data.isspace():
        raise CleanError("empty page")
    try:
        text, encoding = decode_bytes(data, content_type)
    except DecodeError as exc:
        raise CleanError(f"cannot decode page: {exc}") from exc
    if not text or text.isspace():
        raise CleanError("empty page")
    if kind == "html":
        # The bytes parse as they are only when the text is exactly their UTF-8 (no broken bytes).
        exact_utf8 = encoding == "utf-8" and "\ufffd" not in text
        page = clean_html(text, url, site_profiles, utf8=data if exact_utf8 else None)
    else:
        page = clean_pagetext(text, url)
    if len("".join(page.body.split())) < MIN_BODY_CHARS:
        raise CleanError("no article text found" + (f" ({page.extractor})" if page.extractor else ""))
    garbled = mojibake(page.title, page.body)
    if garbled:
        raise CleanError(f"{garbled}: the page's bytes are not in the encoding it was read in ({encoding})")
    page.encoding = encoding
    return page
