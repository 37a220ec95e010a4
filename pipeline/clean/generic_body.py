"""Generic article-body extractor for HTML pages that no site profile describes.

Idea: every text block gets a value, positive for article-like text (long, punctuated,
few links) and negative for chrome (link lists, short unpunctuated labels). The article
container is the element whose subtree has the largest total value: it takes in every
paragraph of the article, and leaves out navigation, footers and side link lists because
adding them would lower the total. Inside the container, link lists, share bars,
"related" sections and the title/dateline are then dropped block by block.
"""
from __future__ import annotations

from pipeline.clean import chrome_lines as chrome
from pipeline.clean.dom import Block, text_blocks

# Per-block cost: ten short labels must not outweigh one real paragraph, while a run of
# many short punctuated lines (an article written as short lines) still adds up.
BLOCK_COST = 6.0
LINK_PENALTY = 1.5
UNPUNCTUATED_WEIGHT = 0.3
LIST_TAGS = frozenset({"li", "dd", "dt"})
LIST_WEIGHT = 0.3
# Take the whole smallest element around the best run when it scores at least this share of it.
SNAP_RATIO = 0.85
# Large enough that no article runs across a related list or comment box into the text after it.
SECTION_END_BARRIER = 2000.0
# Snap to the run's container regardless of its value when at most this share of the rest is link text.
EXTRA_LINK_SHARE = 0.35


def block_value(block: Block) -> float:
    n = block.chars
    if not n:
        return 0.0
    links = block.link_chars
    plain = n - links
    text = block.text
    if chrome.is_section_end(text):
        # A barrier: the best run must not reach across into related lists or comments.
        return -SECTION_END_BARRIER
    if chrome.is_interface_line(text) or chrome.is_copyright_line(text) or chrome.is_related_heading(text):
        return -BLOCK_COST - n * 0.5
    punct = chrome.punctuation_count(text)
    weight = 1.0 if punct else UNPUNCTUATED_WEIGHT
    if block.tag in LIST_TAGS:
        # Teaser lists (title + summary items) are punctuated too; articles are rarely lists.
        weight *= LIST_WEIGHT
    return plain * weight + min(punct, 20) - links * LINK_PENALTY - BLOCK_COST


def best_run(values: list[float]) -> tuple[int, int, float]:
    """Maximum-sum contiguous run of block values (Kadane): (first, last, sum)."""
    best = (0, -1, 0.0)
    start, running = 0, 0.0
    for i, value in enumerate(values):
        if running <= 0:
            start, running = i, value
        else:
            running += value
        if running > best[2]:
            best = (start, i, running)
    return best


def _subtree_range(blocks: list[Block], first: int, last: int, ancestor) -> tuple[int, int]:
    """Widen [first, last] to every block under `ancestor` (a subtree's blocks are contiguous)."""
    def under(block):
        el = block.owner
        while el is not None:
            if el is ancestor:
                return True
            el = el.getparent()
        return False
    while first > 0 and under(blocks[first - 1]):
        first -= 1
    while last + 1 < len(blocks) and under(blocks[last + 1]):
        last += 1
    return first, last


def _common_ancestor(a, b):
    # A set of the elements themselves keeps their proxies alive (an id() of a freed proxy can be reused).
    ancestors = {a, *a.iterancestors()}
    for el in (b, *b.iterancestors()):
        if el in ancestors:
            return el
    return None


def find_article_blocks(blocks: list[Block], values: list[float] | None = None) -> tuple[int, int]:
    """Index range of the article's blocks in the page, or (0, -1) when nothing stands out.

    The best run of blocks (see module doc) is snapped to the smallest element holding it
    when that element's whole subtree is nearly as good: the element then also gives back
    the captions, subheadings and bylines at the run's edges, whose own values are small.
    """
    if values is None:
        values = [block_value(b) for b in blocks]
    first, last, run_sum = best_run(values)
    if last < first:
        return 0, -1
    container = _common_ancestor(blocks[first].owner, blocks[last].owner)
    if container is not None:
        wide_first, wide_last = _subtree_range(blocks, first, last, container)
        if sum(values[wide_first:wide_last + 1]) >= SNAP_RATIO * run_sum:
            return wide_first, wide_last
        if _plain_extras(blocks, values, wide_first, first, last, wide_last):
            return wide_first, wide_last
    return first, last


def _plain_extras(blocks, values, wide_first, first, last, wide_last) -> bool:
    """True when what the container holds beyond the run is the article's own structured text
    (tables, lists, infoboxes, short headings): mostly plain text, and no heading that opens a
    related list or comment box. Link lists and comment boxes fail this; reference-style pages
    (an encyclopedia entry with tables between its prose sections) pass."""
    extra = blocks[wide_first:first] + blocks[last + 1:wide_last + 1]
    if not extra:
        return True
    if any(v <= -SECTION_END_BARRIER for v in values[wide_first:wide_last + 1]):
        return False
    chars = sum(b.chars for b in extra)
    links = sum(b.link_chars for b in extra)
    return chars > 0 and links <= EXTRA_LINK_SHARE * chars


def article_paragraphs(blocks: list[Block], title: str = "") -> list[str]:
    """Paragraphs of the article in a page's blocks, with in-article chrome dropped."""
    values = [block_value(b) for b in blocks]
    first, last = find_article_blocks(blocks, values)
    if last < first:
        return []
    first, last = extend_to_sibling_paragraphs(blocks, values, first, last)
    first = after_headline(blocks, first, last, title)
    paragraphs = filter_blocks(blocks[first:last + 1], title)
    return paragraphs + closing_bylines_after(blocks, last, paragraphs)


SIBLING_REACH = 40


def _paragraph_key(block: Block):
    owner = block.owner
    parent = owner.getparent()
    # The element itself, not id(): lxml proxies are made on demand, and an id can be reused.
    return (parent, block.tag, owner.get("class"))


def extend_to_sibling_paragraphs(blocks: list[Block], values: list[float], first: int, last: int) -> tuple[int, int]:
    """Take in paragraphs cut off from the run by an in-article box (an ad or link list between
    two paragraphs): a nearby block with positive value, few links and the same kind of element
    under the same parent as the run's paragraphs is the article's. The box itself is then
    dropped block by block (link-dense lines) by `filter_blocks`."""
    keys = {_paragraph_key(b) for b, v in zip(blocks[first:last + 1], values[first:last + 1])
            if v > 0 and b.tag == "p"}
    if not keys:
        return first, last

    def sibling(i):
        b = blocks[i]
        return values[i] > 0 and b.tag == "p" and b.link_density < 0.3 and _paragraph_key(b) in keys

    for i in range(first - 1, max(-1, first - 1 - SIBLING_REACH), -1):
        if values[i] <= -SECTION_END_BARRIER:
            break
        if sibling(i):
            first = i
    i = last + 1
    end = min(len(blocks), last + 1 + SIBLING_REACH)
    least = 0.0     # past an inset box, only prose: a credit or caption under it may close the page
    while i < end:
        if values[i] <= -SECTION_END_BARRIER:
            resume = _after_inset_box(blocks, values, i, end, sibling)
            if resume < 0:
                break
            i = last = resume
            least = RESUMED_PARAGRAPH_VALUE
        elif sibling(i) and values[i] >= least:
            last = i
        i += 1
    return first, last


# An inset box of links inside the article holds at most this many blocks after its heading.
INSET_BOX_REACH = 12
# The paragraph that resumes the article after such a box is prose, not a caption or a credit.
RESUMED_PARAGRAPH_VALUE = 40.0


def _after_inset_box(blocks: list[Block], values: list[float], heading: int, end: int, sibling) -> int:
    """Index of the paragraph that resumes the article after a "推荐阅读"-style box set inside it
    (a heading and a few links in an element of their own between two of the article's
    paragraphs), or -1 when the heading opens what follows the article. The box counts as inset
    only when everything between its heading and that paragraph is links, inside one element
    that holds none of the article's paragraphs; then a paragraph of prose of the same kind as
    the article's follows it."""
    box = _top_box(blocks[heading].owner, blocks, sibling, heading)
    if box is None:
        return -1
    for j in range(heading + 1, min(end, heading + 1 + INSET_BOX_REACH + 1)):
        block = blocks[j]
        if sibling(j):
            return j if values[j] >= RESUMED_PARAGRAPH_VALUE and j > heading + 1 else -1
        if block.link_density <= 0.5 or not _inside(block.owner, box):
            return -1
    return -1


def _top_box(owner, blocks: list[Block], sibling, heading: int):
    """The child of the article paragraphs' parent that holds the heading's block (the box), or
    None when the heading is not inside such a child."""
    parent = None
    for i in range(heading - 1, max(-1, heading - 1 - SIBLING_REACH), -1):
        if sibling(i):
            parent = blocks[i].owner.getparent()
            break
    if parent is None:
        return None
    el = owner
    while el is not None and el.getparent() is not parent:
        el = el.getparent()
    return el


def _inside(el, box) -> bool:
    while el is not None:
        if el is box:
            return True
        el = el.getparent()
    return False


# The headline is looked for among this many blocks at the start of the article's range.
HEADLINE_REACH = 15


def after_headline(blocks: list[Block], first: int, last: int, title: str) -> int:
    """The body follows its headline: when the headline sits near the start of the range,
    whatever precedes it (a notice, an ad label, a dateline above the headline) is not body."""
    norm_title = _squash(title)
    if len(norm_title) < 2:
        return first
    total = sum(b.chars for b in blocks[first:last + 1]) or 1
    before = 0
    for i in range(first, min(last, first + HEADLINE_REACH)):
        if _squash(blocks[i].text) == norm_title:
            return i + 1 if before <= 0.3 * total else first
        before += blocks[i].chars
    return first


def filter_blocks(blocks: list[Block], title: str = "") -> list[str]:
    paragraphs: list[str] = []
    in_related = False
    norm_title = _squash(title)
    for block in blocks:
        text = block.text
        if chrome.is_section_end(text):
            in_related = True
            continue
        punct = chrome.punctuation_count(text)
        if in_related:
            # A related list is links (or titles/sources/times); real text or a byline ends it.
            if chrome.is_closing_byline(text) and block.link_density < 0.5:
                in_related = False
            elif block.link_density > 0.3 or block.chars < 40 or not punct:
                continue
            in_related = False
        if block.link_density > 0.5 and block.chars < 300:
            continue
        if chrome.is_wordless(text) and block.tag not in ("td", "th"):
            continue  # counters and bullets; a table's number cells are data
        if chrome.is_interface_line(text) or chrome.is_copyright_line(text) or chrome.is_disclaimer(text) \
                or chrome.is_original_title_line(text) or chrome.is_breadcrumb(text):
            continue
        if not paragraphs:
            # Header area: title repeated, dateline/source lines before the first paragraph.
            if norm_title and _squash(text) == norm_title:
                continue
            if chrome.is_meta_line(text):
                continue
        paragraphs.append(text)
    return paragraphs


def _squash(text: str) -> str:
    return "".join(text.split())


def extract_generic(root, title: str = "", blocks: list[Block] | None = None) -> list[str]:
    """Paragraphs of the article body of a parsed page, or [] when no article stands out.
    `blocks`: text_blocks(root), when the caller already has them."""
    if blocks is None:
        blocks = text_blocks(root)
    return article_paragraphs(blocks, title)


def closing_bylines_after(blocks: list[Block], last: int, paragraphs: list[str], reach: int = 10) -> list[str]:
    """Bylines ("本文来源：… 责任编辑：…") the template prints just after the article's blocks,
    possibly past a short related-links list. They belong to the body (SCHEMA.md)."""
    found = []
    for block in blocks[last + 1:last + 1 + reach]:
        if chrome.is_closing_byline(block.text) and block.text not in paragraphs and block.link_density < 0.5:
            found.append(block.text)
        elif found:
            break
        elif not (block.link_density > 0.5 or chrome.is_section_end(block.text)):
            break  # only links and list headings may stand between the body and its byline
    return found
