"""HTML text -> lxml tree, robustly, and the tree -> text blocks.

A *block* is the text between two block-level boundaries (p, div, li, br, ...),
with how much of it sits inside links. Both the generic extractor and the site
profiles work on blocks, so a paragraph is split and joined the same way everywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.speedups.regex_cache import compile_regex

# Elements that never hold article text. <form> is kept: ASP.NET sites wrap whole pages in one.
DROP_TAGS = ("script", "style", "noscript", "iframe", "textarea", "select", "option", "button",
             "input", "svg", "canvas", "object", "embed", "template", "head", "audio", "video")
BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tr td th tbody thead tfoot section article "
    "header footer nav aside blockquote pre center form fieldset figure figcaption main address hr "
    "body html center".split())

_LEADING_JUNK = compile_regex(r"^\s*(?:<\?xml[^>]*\?>\s*)", re.I)
_HIDDEN_STYLE = compile_regex(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASS = compile_regex(r"^(?:[a-z]+-)?(?:hidden|hide|collapsed|d-none)$", re.I)
_SPACE_CHARS = " \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
_SPACES = compile_regex(f"[{_SPACE_CHARS}]+")
# The characters on which str.split() and _SPACES disagree: Unicode spaces that _SPACES keeps
# (line separators, NEL, thin and narrow spaces...) and the zero-width ones it counts as spaces.
# Text without them (nearly all) is normalised by str.split(), faster than the regex.
_ODD_SPACES = compile_regex("[\x1c-\x1f\x85\u1680\u2000\u2001\u2004-\u2008\u200a\u200b\u2028\u2029\u202f\u205f\ufeff]")


# huge_tree: libxml2 otherwise stops descending at depth 256, and a page that never closes its
# <font> or <div> tags (old CMS templates) nests that deep: the rest of its text was lost.
# collect_ids=False: libxml2 need not index the id attributes (nothing here asks for an element by id).
_PARSER_OPTIONS = dict(remove_comments=True, remove_pis=True, recover=True, no_network=True, huge_tree=True,
                       collect_ids=False)


# libxml2 compares each attribute of a tag with all the others (a quadratic cost: one tag with
# 200,000 attributes took two minutes to parse); no real tag has this many.
MAX_ATTRIBUTES = 1000
# Tags holding that many attributes have at least as many "=": a count is the cheap test.
_MANY_EQUALS = 10 * MAX_ATTRIBUTES
_LONG_TAG = compile_regex(r"<[A-Za-z][^<>]{%d,}>" % (4 * MAX_ATTRIBUTES))
_ATTRIBUTE = compile_regex(r"""\s+[^\s=<>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
# Past this depth libxml2 stops building the tree (even with huge_tree) and drops the text below.
_TOO_DEEP = "Excessive depth"
_SCRIPT_OR_STYLE = compile_regex(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_OR_BREAK_TAG = compile_regex(r"</?(?:%s|br)\b[^>]*>" % "|".join(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tr td th tbody thead tfoot section article header footer "
    "nav aside blockquote pre center form fieldset figure figcaption main address hr".split()), re.I)
_OTHER_BODY_TAG = compile_regex(r"</?(?!a\b|br\b|/a\b)[A-Za-z][^>]*>")


class BrokenHtml(ValueError):
    """lxml could not build any tree from the markup."""


def parse_html(text: str, utf8: bytes | None = None, parser_class=etree.HTMLParser):
    """Parse a page into an lxml root, recovering from what real pages do.

    Why the fuss: lxml refuses str input that carries an XML encoding declaration, and
    some portals put a <script> before <!DOCTYPE>, after which a naive parse keeps only
    that script; parsing from the <html> tag on recovers the document.
    `utf8`: the page's bytes when `text` is their UTF-8 decoding. When none of the above
    changes the text, libxml2 reads those bytes as they are, which saves it converting the
    str back to UTF-8 (a sixth of the parse); the tree is the same.
    `parser_class`: lxml.html.HTMLParser for a tree of lxml.html's elements, as libraries want
    (`lxml_html_tree`); ours walk plain etree elements, which are faster.
    """
    # Its bytes tell in one memchr whether a UTF-8 page's text holds a NUL (cheaper than a scan of
    # the str). A page with NUL bytes is parsed from its text without them:
    # libxml2 reads a NUL byte as U+FFFD.
    nul_free_utf8 = utf8 is not None and b"\x00" not in utf8
    markup = _LEADING_JUNK.sub("", text)
    if not nul_free_utf8:
        markup = markup.replace("\x00", "")
    if not markup or markup.isspace():  # not markup.strip(), which copies the page
        raise BrokenHtml("empty markup")
    doctype = re.search(r"<!doctype|<html[\s>]", markup[:20000], re.I)
    if doctype and doctype.start() > 0 and re.search(r"<script", markup[:doctype.start()], re.I):
        markup = markup[doctype.start():]
    if markup.count("=") > _MANY_EQUALS:
        markup = _with_attributes_capped(markup)
    # Plain etree elements, not lxml.html's: the HtmlElement class lookup slows every step of the walk.
    if nul_free_utf8 and len(markup) == len(text):  # nothing was cut
        markup, parser = utf8, parser_class(encoding="utf-8", **_PARSER_OPTIONS)
    else:
        parser = parser_class(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise BrokenHtml(f"unparseable markup: {exc}") from exc
    if root is None:
        raise BrokenHtml("unparseable markup: no document")
    if any(_TOO_DEEP in error.message for error in parser.error_log):
        return _parsed_flat(text, parser_class)
    return root


def lxml_html_tree(text: str, utf8: bytes | None = None):
    """The page as a tree of lxml.html's elements (what a library such as htmldate reads),
    parsed with the same care as `parse_html`: never the raw markup's pathological tags."""
    from lxml import html as lxml_html

    return parse_html(text, utf8, lxml_html.HTMLParser)


def _with_attributes_capped(markup: str) -> str:
    """The markup with every tag cut to its first MAX_ATTRIBUTES attributes."""
    def cap(m: re.Match) -> str:
        tag = m.group(0)
        name_end = re.match(r"<[A-Za-z][^\s/>]*", tag).end()
        attributes = _ATTRIBUTE.findall(tag, name_end)
        if len(attributes) <= MAX_ATTRIBUTES:
            return tag
        return tag[:name_end] + "".join(attributes[:MAX_ATTRIBUTES]) + ">"
    return _LONG_TAG.sub(cap, markup)


def _parsed_flat(text: str, parser_class=etree.HTMLParser):
    """A page nested deeper than libxml2 builds, parsed without its nesting: in the body, every
    block-level tag becomes a line break and other tags but links go, so its text is kept as
    blocks (the head, with the title and meta tags, is kept as it is)."""
    markup = _LEADING_JUNK.sub("", text).replace("\x00", "")
    body_at = re.search(r"<body\b[^>]*>", markup, re.I)
    head, body = (markup[:body_at.end()], markup[body_at.end():]) if body_at else ("", markup)
    body = _SCRIPT_OR_STYLE.sub(" ", body)
    body = _BLOCK_OR_BREAK_TAG.sub("<br>", body)
    body = _OTHER_BODY_TAG.sub("", body)
    root = etree.fromstring(head + body, parser=parser_class(**_PARSER_OPTIONS))
    if root is None:
        raise BrokenHtml("unparseable markup: no document")
    return root


def strip_non_content(root) -> None:
    """Remove elements that never carry article text (scripts, forms controls, hidden nodes)."""
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    # Hidden by inline style or attribute, or by a class a stylesheet hides (collapsed boxes,
    # "hidden" helpers): not what a reader sees. One pass with plain substring tests first
    # (cheaper than an XPath with contains() on every element); an element's attribute names in
    # one call, and a value read only when it is there.
    hidden = []
    for el in root.iter(etree.Element):
        names = el.keys()
        if not names:
            continue
        if "style" in names:
            style = el.get("style")
            if ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
                hidden.append(el)
                continue
        if "class" in names:
            cls = el.get("class")
            if ("hid" in cls or "collapsed" in cls or "d-none" in cls) \
                    and any(_HIDDEN_CLASS.match(token) for token in cls.split()):
                hidden.append(el)
                continue
        if "hidden" in names:
            hidden.append(el)
    for el in hidden:
        drop_element(el)


def drop_element(el) -> None:
    """Remove `el` and its subtree, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def element_text(el) -> str:
    """All text inside `el` (what lxml.html's text_content() gives)."""
    return "".join(el.itertext())


@dataclass(slots=True)
class Block:
    text: str            # whitespace-normalised text of the block
    chars: int           # its length, spaces not counted
    link_chars: int      # characters of it inside <a>
    owner: object        # the nearest block-level element containing it
    tag: str             # tag of the owner

    @property
    def link_density(self) -> float:
        n = self.chars
        return self.link_chars / n if n else 0.0


def normalise_space(text: str) -> str:
    """Runs of _SPACE_CHARS as one space, the ends stripped."""
    if _ODD_SPACES.search(text):
        return _SPACES.sub(" ", text).strip()
    return " ".join(text.split())


def non_space_length(text: str) -> int:
    """Characters of `text` that are not _SPACE_CHARS."""
    if _ODD_SPACES.search(text):
        return len(_SPACES.sub("", text))
    return len("".join(text.split()))


def text_blocks(root) -> list[Block]:
    """Split the subtree at block boundaries and <br> into text blocks, in document order.

    One pass of lxml's C-level iterator; an element ends where the walk reaches a node
    that is not inside it (the node's parent is not the innermost open element), which
    costs less than iterwalk's start and end events. Link text is collected as strings and
    measured once per block. Whitespace before a block's first text is not collected: it
    would be stripped, and most boundaries then have nothing to flush (the indentation
    between block tags). The subtree's own tail ends its last block, as iterwalk gave it."""
    blocks: list[Block] = []
    parts: list[str] = []
    link_parts: list[str] = []
    owners = [root]
    block_tags = BLOCK_TAGS
    space_chars = _SPACE_CHARS
    link_depth = 0

    def flush():
        text = normalise_space("".join(parts))
        if text:
            owner = owners[-1]
            n = len(text) - text.count(" ")
            if len(link_parts) == len(parts):
                links = n  # every piece was link text (a piece goes to both lists or to parts only)
            else:
                links = min(non_space_length("".join(link_parts)), n) if link_parts else 0
            tag = owner.tag
            blocks.append(Block(text, n, links, owner, tag if isinstance(tag, str) else ""))
        parts.clear()
        link_parts.clear()

    def close(el):
        """The element's end: its block or link is over, and its tail follows."""
        nonlocal link_depth
        tag = el.tag
        if tag in block_tags:
            if parts:
                flush()
            owners.pop()
        elif tag == "a":
            link_depth -= 1
        tail = el.tail
        if tail and (parts or tail.strip(space_chars)):
            parts.append(tail)
            if link_depth:
                link_parts.append(tail)

    open_elements = []      # the current node's ancestors within the subtree, outermost first
    for el in root.iter():
        if open_elements:
            parent = el.getparent()
            while open_elements[-1] is not parent:
                close(open_elements.pop())
        open_elements.append(el)
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions: only their tail is text
        if tag in block_tags:
            if parts:
                flush()
            owners.append(el)
        elif tag == "br" or tag == "img":
            if parts:
                flush()
        elif tag == "a":
            link_depth += 1
        text = el.text
        if text and (parts or text.strip(space_chars)):
            parts.append(text)
            if link_depth:
                link_parts.append(text)
    while open_elements:
        close(open_elements.pop())
    if parts:
        flush()
    return blocks
