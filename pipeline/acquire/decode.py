"""Bytes to text for saved pages: one decoding shared by the scraper and the cleaner,
so a page decodes the same way everywhere.

Order (measured on the corpus: several pages declare gb2312 but are UTF-8):
strict UTF-8 first, then the declared charset (HTTP header, then <meta>), then the
Chinese reading with the most frequent characters, then detection with charset-normalizer.
GB2312 and GBK are read as GB18030, their superset. UTF-16 without a byte order mark is
recognised by its NULs.

Pages pasted together from two sources mix encodings: they are read block by block (the runs
between tags and newlines), a UTF-8 page's GBK paragraphs as GB18030 and a GBK page's UTF-8
paragraphs as UTF-8. What still cannot be decoded is left as replacement characters, and
`mojibake` tells the cleaner when they are more than a few broken bytes.
"""
from __future__ import annotations

import codecs
import re

from pipeline.speedups.regex_cache import compile_regex

_META_CHARSET = compile_regex(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = compile_regex(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
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


_CJK = compile_regex(r"[\u4e00-\u9fff]")


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


# The frequent characters of each Chinese charset: GB2312 level 1 (3,755 simplified characters)
# and Big5 level 1 (5,401 traditional ones). Text read in its own encoding is nearly all frequent
# characters of one of them; the same bytes read in the other encoding give at most about half.
_FREQUENT = (("gb2312", b"\xb0\xa1", b"\xd7\xf9"), ("big5", b"\xa4\x40", b"\xc6\x7e"))
_CHINESE_READINGS = ("gb18030", "big5")
FREQUENT_SHARE = 0.6


def frequent_share(text: str) -> tuple[float, int]:
    """The share of the Chinese characters of `text` that are frequent ones (in either script),
    and how many Chinese characters it has."""
    hanzi = _CJK.findall(text)
    if not hanzi:
        return 0.0, 0
    best = 0
    for charset, low, high in _FREQUENT:
        frequent = 0
        for char in hanzi:
            try:
                code = char.encode(charset)
            except UnicodeEncodeError:
                continue
            frequent += low <= code <= high
        best = max(best, frequent)
    return best / len(hanzi), len(hanzi)


def _few_replacements(text: str) -> bool:
    """A few broken bytes (replacement characters), as a browser shows them: still this encoding."""
    return text.count("\ufffd") <= max(3, len(text) // 2000)


def _chinese_reading(data: bytes) -> tuple[str, str] | None:
    """Undeclared bytes read as the Chinese encoding whose reading has the most frequent characters.

    Short pages and pages with a few broken bytes or rare names: the detector, given so little,
    takes GBK for a Korean or Cyrillic code page."""
    best: tuple[float, str, str] | None = None
    for encoding in _CHINESE_READINGS:
        text = data.decode(encoding, errors="replace")
        if not _few_replacements(text):
            continue
        share, hanzi = frequent_share(text)
        if hanzi >= 2 and share >= FREQUENT_SHARE and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None


# Blocks of a page for decoding piece by piece: runs between "<", ">" and newlines. None of these
# bytes occurs inside a multi-byte character of UTF-8, GB18030 or Big5, so a page split there
# decodes to the same text as whole.
_BLOCK = compile_regex(rb"[^\n<>]+")
_BLOCK_END = compile_regex(rb"[\n<>]")
# Encodings in which those bytes are always themselves (not stateful, not UTF-16/32).
_BLOCK_SAFE = frozenset({"gb18030", "big5", "big5hkscs", "cp950", "gbk", "cp1252", "cp1251", "cp1250",
                         "latin-1", "iso8859-1", "iso8859-2", "iso8859-5", "iso8859-15", "koi8-r",
                         "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949", "johab"})
# A block is UTF-8 text inside a page in another encoding when it is valid UTF-8 with a run of
# three characters of three bytes (CJK): legacy bytes that happen to be valid UTF-8 give two-byte
# characters (Greek, Cyrillic) and, rarely, one stray three-byte one. Searching for the run first
# leaves most blocks of a GBK page untried.
# (Written out: a repeated group makes the search several times slower.)
_UTF8_WIDE_RUN = compile_regex(rb"[\xe0-\xef][\x80-\xbf][\x80-\xbf][\xe0-\xef][\x80-\xbf][\x80-\xbf]"
                               rb"[\xe0-\xef][\x80-\xbf][\x80-\xbf]")


def _wide_chars(text: str) -> int:
    return sum(1 for char in text if char >= "\u0800")


def _utf8_blocks(data: bytes) -> list[tuple[int, int]]:
    """The spans of the blocks that are UTF-8 text (CJK) inside a page in a legacy encoding."""
    spans: list[tuple[int, int]] = []
    block_end = 0
    for m in _UTF8_WIDE_RUN.finditer(data):
        if m.start() < block_end:
            continue                      # in the block just tried
        # Back to the block's start, no further than the last block's end: linear in all.
        start = max(block_end - 1, data.rfind(b"<", block_end, m.start()),
                    data.rfind(b">", block_end, m.start()), data.rfind(b"\n", block_end, m.start())) + 1
        after = _BLOCK_END.search(data, m.end())
        block_end = after.start() if after else len(data)
        try:
            data[start:block_end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        spans.append((start, block_end))
    return spans


def _with_utf8_blocks(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    """`text` (the page read in `encoding`) with its UTF-8 paragraphs read as UTF-8: a page
    pasted together from two sources. Unchanged (the same string) when it has none."""
    if encoding not in _BLOCK_SAFE:
        return text, encoding
    spans = _utf8_blocks(data)
    if not spans:
        return text, encoding
    pieces, at = [], 0
    for start, end in spans:
        pieces.append(data[at:start].decode(encoding, errors="replace"))
        pieces.append(data[start:end].decode("utf-8"))
        at = end
    pieces.append(data[at:].decode(encoding, errors="replace"))
    return "".join(pieces), f"{encoding}+utf-8"


def _looks_utf8(data: bytes) -> bool:
    """Undeclared and not valid UTF-8 as a whole: are most of its non-ASCII bytes in UTF-8 blocks?"""
    spans = _utf8_blocks(data)
    if not spans:
        return False
    in_utf8 = sum(end - start for start, end in spans)
    return in_utf8 * 2 > len(data) - len(data.translate(None, bytes(range(128))))


def _legacy_block(block: bytes, fallback: str) -> bool:
    """Is this block of a UTF-8 page in the legacy encoding `fallback` instead?"""
    try:
        utf8 = block.decode("utf-8")
    except UnicodeDecodeError:
        # UTF-8 with a few broken bytes still has many CJK characters for each replacement;
        # GBK read as UTF-8 is nearly all replacements.
        utf8 = block.decode("utf-8", errors="replace")
        if utf8.count("\ufffd") * 10 <= _wide_chars(utf8):
            return False
        try:
            block.decode(fallback)
        except UnicodeDecodeError:
            return not utf8.count("\ufffd") * 2 <= len(utf8)   # neither: the lesser damage
        return True
    if _wide_chars(utf8) or all(char <= "\u00ff" for char in utf8):
        return False
    # Only two-byte characters beyond Latin-1 (Greek, Cyrillic, Armenian...): in a Chinese page,
    # GBK characters that happen to be valid UTF-8 ("图片" is "ͼƬ").
    try:
        legacy = block.decode(fallback)
    except UnicodeDecodeError:
        return False
    return all(char < "\u0080" or char >= "\u2e80" for char in legacy)


def _utf8_with_legacy_blocks(data: bytes, fallback: str = "gb18030") -> tuple[str, str]:
    """A UTF-8 page (declared, or most of its text) with some paragraphs in a legacy encoding:
    each block read as what it is, the legacy ones as `fallback`."""
    pieces, at, legacy = [], 0, False
    for m in _BLOCK.finditer(data):
        block = m.group()
        if block.isascii() or not _legacy_block(block, fallback):
            continue
        pieces.append(data[at:m.start()].decode("utf-8", errors="replace"))
        pieces.append(block.decode(fallback, errors="replace"))
        at, legacy = m.end(), True
    pieces.append(data[at:].decode("utf-8", errors="replace"))
    return "".join(pieces), ("utf-8+" + fallback) if legacy else "utf-8"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte order mark: a NUL beside every ASCII character, on one side only
    (an image or an archive has NULs at both)."""
    sample = data[:8192]
    sample = sample[:len(sample) // 2 * 2]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for nuls, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls * 4 >= len(sample) // 2 and others * 20 <= nuls:
            try:
                text = data[:len(data) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            head = text[:4096]
            controls = sum(1 for char in head if char < " " and char not in "\t\n\r\x0c")
            return (text, encoding) if controls * 100 <= len(head) else None
    return None


def decode_bytes(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a saved page; returns (text, encoding used). Raises DecodeError for binary data.

    The encoding is "A+B" when the page mixes two (its blocks in A, some in B)."""
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
    if data[:8192].count(0) > STRAY_NULS:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    if looks_binary(data):
        raise DecodeError("binary data, not a text page")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared in (None, "utf-8") and _looks_utf8(data):
        return _utf8_with_legacy_blocks(data)
    # Declared UTF-8 but most of its text is not: the declaration is a server default.
    if declared and declared != "utf-8":
        try:
            return _with_utf8_blocks(data, data.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            pass
        # A few broken bytes in a page that is otherwise in its declared charset: read it as a
        # browser does (replacement characters), without the detector.
        try:
            text = data.decode(declared, errors="replace")
        except LookupError:
            text = ""
        if text and _few_replacements(text):
            return _with_utf8_blocks(data, text, declared)
    # Undeclared Chinese pages are nearly always GBK: a strict GB18030 decode whose Chinese text is
    # almost all common (GB2312) characters is taken without running the detector, which costs
    # more than the rest of cleaning. Big5 or other bytes read as GBK give rare characters instead.
    text = _plain_gb18030(data)
    if text is not None:
        return _with_utf8_blocks(data, text, "gb18030")
    reading = _chinese_reading(data)
    if reading is not None:
        return _with_utf8_blocks(data, *reading)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        enc = normalise_encoding(best.encoding) or best.encoding
        try:
            return _with_utf8_blocks(data, data.decode(enc), enc)
        except (UnicodeDecodeError, LookupError):
            return str(best), best.encoding
    # Last resort for mostly-Chinese pages with a few broken bytes.
    text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 50):
        raise DecodeError("undecodable: not UTF-8, no usable declared charset, detection failed")
    return _with_utf8_blocks(data, text, "gb18030")


# Mojibake left after decoding: more replacement characters than a few broken bytes give.
def mojibake(title: str, body: str) -> str | None:
    """Why the cleaned title or body is mojibake (text in an encoding the page's bytes do not
    explain), or None. A few broken bytes in a long body are a browser's replacement characters,
    not lost text."""
    in_title, in_body = title.count("\ufffd"), body.count("\ufffd")
    if in_title >= 2:
        return f"mojibake in the title: {in_title} undecodable characters ({title[:40]!r})"
    if in_body > max(3, len(body) // 1000):
        at = body.index("\ufffd")
        return (f"mojibake in the body: {in_body} undecodable characters in {len(body)} "
                f"(first near {body[max(0, at - 10):at + 10]!r})")
    return None
