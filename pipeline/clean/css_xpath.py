"""CSS selectors to XPath, with class, id and attribute tests written the way libxml2 evaluates fast.

cssselect writes `.x` as a predicate on every element,
`*[@class and contains(concat(' ', normalize-space(@class), ' '), ' x ')]`, and `#x` as
`*[@id = 'x']`; libxml2 evaluates a predicate per element slower than an attribute step.
For a selector made only of type, class, id and attribute tests
(`[a]`, `[a=v]`, `[a*=v]`, `[a^=v]`) joined by descendant or child combinators (every CSS
selector the shipped site profiles use), the same tests are written as attribute steps,
`*/@class[...]/..`, and a descendant combinator as one `descendant::` step: the same
elements, in the same (document) order. Any other selector is translated by cssselect as before.
"""
from __future__ import annotations

from cssselect import GenericTranslator, SelectorError, parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash
from cssselect.xpath import is_non_whitespace, is_safe_name

_PREFIX = "descendant-or-self::"
# cssselect joins " " as "/descendant-or-self::*/": the same elements as one descendant step.
_COMBINATORS = {" ": "/descendant::", ">": "/"}
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
    """`tag.a#c[d^=v]` -> `tag/@class[...]/../@id[. = 'c']/../@d[starts-with(., 'v')]/..`; None
    when the compound holds anything but a type, classes, ids and the attribute tests above."""
    steps = []
    while isinstance(tree, (Class, Hash, Attrib)):
        if isinstance(tree, Class):
            step = _class_step(tree.class_name)
        elif isinstance(tree, Hash):
            step = f"/@id[. = {_literal(tree.id)}]/.."
        else:
            step = _attribute_step(tree)
        if step is None:
            return None
        steps.append(step)
        tree = tree.selector
    if not isinstance(tree, Element) or tree.namespace is not None:
        return None
    element = tree.element or "*"
    if element != "*" and not is_safe_name(element):
        return None
    return element + "".join(reversed(steps))


def _class_step(name: str) -> str | None:
    if not is_non_whitespace(name):
        return None
    # contains(., name) first: a cheap necessary condition for the exact token test.
    return (f"/@class[contains(., {_literal(name)})]"
            f"[contains(concat(' ', normalize-space(.), ' '), {_literal(' ' + name + ' ')})]/..")


def _attribute_step(attrib: Attrib) -> str | None:
    """`[a]`, `[a=v]`, `[a*=v]`, `[a^=v]` as a step on the attribute; None for other operators,
    namespaced or unusual names, and the empty `*=`/`^=` values (which cssselect makes match nothing)."""
    name = attrib.attrib
    if attrib.namespace is not None or not is_safe_name(name):
        return None
    if attrib.operator == "exists":
        return f"/@{name}/.."
    value = attrib.value.value
    if attrib.operator == "=":
        return f"/@{name}[. = {_literal(value)}]/.."
    if attrib.operator == "*=" and value:
        return f"/@{name}[contains(., {_literal(value)})]/.."
    if attrib.operator == "^=" and value:
        return f"/@{name}[starts-with(., {_literal(value)})]/.."
    return None
