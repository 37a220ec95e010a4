"""CSS selectors to XPath, with class and id tests written the way libxml2 evaluates fast.

cssselect writes `.x` as a predicate on every element,
`*[@class and contains(concat(' ', normalize-space(@class), ' '), ' x ')]`, and `#x` as
`*[@id = 'x']`; libxml2 evaluates a predicate per element three to four times slower than
an attribute step. For a selector made only of type, class and id tests joined by
descendant or child combinators (every CSS selector the shipped site profiles use), the
same tests are written as attribute steps, `*/@class[...]/..`: the same elements, in the
same (document) order. Any other selector is translated by cssselect as before.
"""
from __future__ import annotations

from cssselect import GenericTranslator, SelectorError, parse
from cssselect.parser import Class, CombinedSelector, Element, Hash
from cssselect.xpath import is_non_whitespace, is_safe_name

_PREFIX = "descendant-or-self::"
_COMBINATORS = {" ": "/descendant-or-self::*/", ">": "/"}   # as cssselect joins them
_literal = GenericTranslator.xpath_literal


def css_to_xpath(css: str) -> str:
    """XPath for a CSS selector (group); raises ValueError when the selector is invalid."""
    try:
        selectors = parse(css)
    except SelectorError as exc:
        raise ValueError(f"bad CSS selector {css!r}: {exc}") from exc
    fast = [_simple_selector_xpath(s.parsed_tree) if s.pseudo_element is None else None for s in selectors]
    if all(fast):
        return " | ".join(_PREFIX + x for x in fast)
    try:
        return GenericTranslator().css_to_xpath(css)
    except SelectorError as exc:
        raise ValueError(f"bad CSS selector {css!r}: {exc}") from exc


def _simple_selector_xpath(tree) -> str | None:
    """Path for compound selectors joined by " " or ">"; None for anything else."""
    if isinstance(tree, CombinedSelector):
        combiner = _COMBINATORS.get(tree.combinator)
        left = _simple_selector_xpath(tree.selector)
        right = _compound_xpath(tree.subselector)
        return left + combiner + right if combiner and left and right else None
    return _compound_xpath(tree)


def _compound_xpath(tree) -> str | None:
    """`tag.a.b#c` -> `tag/@class[...]/../@class[...]/../@id[. = 'c']/..`; None when the
    compound holds anything but a type, classes and ids (attributes, pseudo-classes)."""
    steps = []
    while isinstance(tree, (Class, Hash)):
        if isinstance(tree, Class):
            name = tree.class_name
            if not is_non_whitespace(name):
                return None
            # contains(., name) first: a cheap necessary condition for the exact token test.
            steps.append(f"/@class[contains(., {_literal(name)})]"
                         f"[contains(concat(' ', normalize-space(.), ' '), {_literal(' ' + name + ' ')})]/..")
        else:
            steps.append(f"/@id[. = {_literal(tree.id)}]/..")
        tree = tree.selector
    if not isinstance(tree, Element) or tree.namespace is not None:
        return None
    element = tree.element or "*"
    if element != "*" and not is_safe_name(element):
        return None
    return element + "".join(reversed(steps))
