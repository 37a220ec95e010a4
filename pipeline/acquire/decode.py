"""Bytes to text for saved pages: one decoding shared by the scraper and the cleaner,
so a page decodes the same way everywhere.

Order (measured on the corpus: several pages declare gb2312 but are UTF-8):
strict UTF-8 first, then the declared charset (HTTP header, then <meta>), then
detection with charset-normalizer. GB2312 and GBK are read as GB18030, their superset.
"""
from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
              "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252", "latin-1": "cp1252"}


# Encodings in which only a NUL byte decodes to U+0000 (not UTF-16's pairs, UTF-7's "+AAA-").
_NUL_ONLY_FROM_NUL_BYTE = frozenset({"utf-8", "utf-8-sig", "gb18030", "cp1252", "big5"})
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)
STRAY_NULS = 4      # NUL bytes a text page may carry in its first 8 KB (see looks_binary)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can establish."""


def normalise_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(canonical, _SUPERSETS.get(name.strip().lower(), canonical))


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the server or the page itself declares, normalised; None when neither does."""
    header = None
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        header = normalise_encoding(m.group(1)) if m else None
    # ISO-8859-1 in the header is usually a server default (HTTP/1.1's), not a statement about
    # the page: Chinese sites send it for GBK pages. The page's own <meta> wins over it.
    if header and header != "cp1252":
        return header
    m = _META_CHARSET.search(data[:4096])
    meta = normalise_encoding(m.group(1).decode("ascii", "ignore")) if m else None
    return meta or header


def looks_binary(data: bytes) -> bool:
    """More than a few NUL bytes, or many control characters: not a text page.

    A handful of stray NULs is a broken CMS's, not a sign of binary data (an image, an
    archive or UTF-16 without a BOM has them every few bytes); they are dropped on decoding."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.count(0) > STRAY_NULS and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _plain_gb18030(data: bytes) -> str | None:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    hanzi = "".join(_CJK.findall(text))
    if len(hanzi) < 20:
        return None
    common = len(hanzi.encode("gb2312", errors="ignore")) // 2
    return text if common >= 0.97 * len(hanzi) else None


def decode_bytes(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a saved page; returns (text, encoding used). Raises DecodeError for binary data."""
    text, encoding = _decode(data, content_type)
    if encoding in _NUL_ONLY_FROM_NUL_BYTE and b"\x00" not in data:
        return text, encoding  # nothing to drop, found by one memchr instead of a scan of the str
    return text.replace("\x00", ""), encoding


def _decode(data: bytes, content_type: str | None) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if looks_binary(data):
        raise DecodeError("binary data, not a text page")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
        # A few broken bytes in a page that is otherwise in its declared charset: read it as a
        # browser does (replacement characters), without the detector.
        try:
            text = data.decode(declared, errors="replace")
        except LookupError:
            text = ""
        if text and text.count("\ufffd") <= max(3, len(text) // 2000):
            return text, declared
    # Undeclared Chinese pages are nearly always GBK: a strict GB18030 decode whose Chinese text is
    # almost all common (GB2312) characters is taken without running the detector, which costs
    # more than the rest of cleaning. Big5 or other bytes read as GBK give rare characters instead.
    text = _plain_gb18030(data)
    if text is not None:
        return text, "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        enc = normalise_encoding(best.encoding) or best.encoding
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            return str(best), best.encoding
    # Last resort for mostly-Chinese pages with a few broken bytes.
    text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 50):
        raise DecodeError("undecodable: not UTF-8, no usable declared charset, detection failed")
    return text, "gb18030"
