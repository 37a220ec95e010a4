"""Generic article-body extractor for HTML pages that no site profile describes.

Idea: every text block gets a value, positive for article-like text (long, punctuated,
few links) and negative for chrome (link lists, short unpunctuated labels). The article
container is the element whose subtree has the largest total value: it takes in every
paragraph of the article, and leaves out navigation, footers and side link lists because
adding them would lower the total. Inside the container, link lists, share bars,
"related" sections and the title/dateline are then dropped block by block.
"""
from __future__ import annotations

from collections import defaultdict

from pipeline.clean import chrome
from pipeline.clean.dom import Block, text_blocks

# Per-block cost: ten short labels must not outweigh one real paragraph, while a run of
# many short punctuated lines (an article written as short lines) still adds up.
BLOCK_COST = 6.0
LINK_PENALTY = 1.5
UNPUNCTUATED_WEIGHT = 0.3
LIST_TAGS = frozenset({"li", "dd", "dt"})
LIST_WEIGHT = 0.3


def block_value(block: Block) -> float:
    n = block.chars
    if not n:
        return 0.0
    links = block.link_chars
    plain = n - links
    text = block.text
    if chrome.is_interface_line(text) or chrome.is_copyright_line(text) or chrome.is_related_heading(text):
        return -BLOCK_COST - n * 0.5
    punct = chrome.punctuation_count(text)
    weight = 1.0 if punct else UNPUNCTUATED_WEIGHT
    if block.tag in LIST_TAGS:
        # Teaser lists (title + summary items) are punctuated too; articles are rarely lists.
        weight *= LIST_WEIGHT
    return plain * weight + min(punct, 20) - links * LINK_PENALTY - BLOCK_COST


def find_article_container(root, blocks: list[Block] | None = None):
    """The element whose subtree holds the most article-like text (see module doc)."""
    if blocks is None:
        blocks = text_blocks(root)
    totals: dict[object, float] = defaultdict(float)
    for block in blocks:
        value = block_value(block)
        el = block.owner
        while el is not None:
            totals[el] += value
            el = el.getparent()
    if not totals:
        return None
    best, best_score = None, float("-inf")
    # Document order: on a tie the deeper element (it comes later) wins.
    for el in root.iter():
        score = totals.get(el)
        if score is not None and score >= best_score:
            best, best_score = el, score
    return best if best_score > 0 else None


def article_paragraphs(container, title: str = "") -> list[str]:
    """The article's paragraphs inside `container`, with in-article chrome dropped."""
    blocks = text_blocks(container)
    return filter_blocks(blocks, title)


def filter_blocks(blocks: list[Block], title: str = "") -> list[str]:
    paragraphs: list[str] = []
    in_related = False
    norm_title = _squash(title)
    for block in blocks:
        text = block.text
        if chrome.is_related_heading(text):
            in_related = True
            continue
        punct = chrome.punctuation_count(text)
        if in_related:
            # A related list is links (or titles/sources/times); real text ends it.
            if block.link_chars or block.chars < 40 or not punct:
                continue
            in_related = False
        if block.link_density > 0.5 and block.chars < 300:
            continue
        if chrome.is_interface_line(text) or chrome.is_copyright_line(text) \
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
    """Paragraphs of the article body of a parsed page, or [] when no container stands out.
    `blocks`: text_blocks(root), when the caller already has them."""
    if blocks is None:
        blocks = text_blocks(root)
    container = find_article_container(root, blocks)
    if container is None:
        return []
    paragraphs = article_paragraphs(container, title)
    return paragraphs + closing_bylines_after(container, blocks, paragraphs)


def closing_bylines_after(container, blocks: list[Block], paragraphs: list[str], reach: int = 4) -> list[str]:
    """Bylines ("本文来源：… 责任编辑：…") the template prints just after the body container.
    They belong to the body (SCHEMA.md) though they sit outside the article element."""
    inside = set(container.iter())
    last = None
    for i, block in enumerate(blocks):
        if block.owner in inside:
            last = i
    if last is None:
        return []
    found = []
    for block in blocks[last + 1:last + 1 + reach]:
        if chrome.is_closing_byline(block.text) and block.text not in paragraphs and block.link_density < 0.5:
            found.append(block.text)
        elif found:
            break
    return found
