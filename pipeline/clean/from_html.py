"""One HTML page -> CleanedPage: parse, read metadata, pick profile or generic body extraction."""
from __future__ import annotations

from pipeline.clean import chrome_lines as chrome
from pipeline.clean import generic_body, headline, metadata
from pipeline.clean import site_profiles as profiles
from pipeline.clean.cleaned_page import CleanedPage, CleanError
from pipeline.clean.dom import BrokenHtml, lxml_html_tree, parse_html, strip_non_content, text_blocks


def clean_html(text: str, url: str = "", site_profiles=None, utf8: bytes | None = None) -> CleanedPage:
    """`utf8`: the page's bytes when `text` is their UTF-8 decoding (parsed as they are)."""
    try:
        root = parse_html(text, utf8)
    except BrokenHtml as exc:
        raise CleanError(str(exc)) from exc
    # Meta tags and JSON-LD first: JSON-LD lives in <script>, which stripping removes.
    tags = metadata.PageTags.of(root)
    url = url or metadata.site_from_dom(root, tags)
    title, title_confirmed, own_titles = metadata.titles_of_dom(root, tags)
    published = metadata.published_from_dom(root, tags)
    strip_non_content(root)

    paragraphs: list[str] = []
    extractor = ""
    profile = profiles.profile_for(url, root, site_profiles, page_text=text)
    if profile is not None:
        result = profiles.apply_profile(profile, root, title)
        if result is not None:
            paragraphs, title = result.paragraphs, result.title or title
            # The template's visible time, or the meta tags' when they state the same with seconds.
            published = metadata.more_precise(result.published, published) if result.published else published
            extractor = f"profile:{profile.id}"
    page_blocks = None
    header_from = -1
    if not paragraphs:
        page_blocks = text_blocks(root)
        paragraphs = generic_body.extract_generic(root, title, page_blocks)
        extractor = "generic"
        # A post's dateline that the article's block took in at its end ("本贴由…于<date>…发表").
        while len(paragraphs) > 1 and chrome.is_post_dateline(paragraphs[-1]):
            paragraphs.pop()
        if paragraphs and not title_confirmed:
            title, paragraphs, header_from = headline_near_body(page_blocks, paragraphs, title, own_titles)

    source = profile_source(profile, root) if extractor.startswith("profile:") else ""
    header: list[str] = []
    texts: list[str] = []
    above: list[str] = []
    title_at = -1
    # A machine-readable time with no zone of its own is checked against the dateline readers see
    # (cheap on the generic path, which has the page's blocks already).
    check_visible = bool(published) and page_blocks is not None and not metadata.has_utc_offset(published)
    if not (published and source) or header_from >= 0 or check_visible:
        # Datelines and "来源：" lines between headline and body; the walk is only paid when needed.
        texts = [b.text for b in (page_blocks if page_blocks is not None else text_blocks(root))]
        header, title_at = header_lines(texts, paragraphs, title, header_from=header_from)
        # A dateline printed just above the headline is the article's too.
        above = texts[max(0, title_at - 2):title_at][::-1] if title_at > 0 else []
    published = published_of_page(published, text, texts, header, title_at, above, paragraphs, tags, url) \
        or metadata.published_by_htmldate(lambda: lxml_html_tree(text, utf8), url)
    source = (source or metadata.source_from_lines(header)
              or metadata.clean_name(metadata.meta_content(root, "source", "og:site_name")))
    author = (metadata.author_from_lines(header + paragraphs[-3:])
              or metadata.clean_name(metadata.meta_content(root, "author")))
    return CleanedPage(title=title, body="\n".join(paragraphs), published_at=published, source=source,
                       author=author, url=url, extractor=extractor)


def published_of_page(published: str, markup: str, texts: list[str], header: list[str], title_at: int,
                      above: list[str], paragraphs: list[str], tags, url: str) -> str:
    """The article's publication time: `published` (from meta tags, JSON-LD or <time>, maybe "")
    weighed against what the page shows (`texts`, its blocks; `header`, the lines between
    headline and body, the headline at `title_at`; `above`, the lines over the headline), then
    the page's scripts, the lines under the article, a publication note, the URL and a wiki's
    revision line."""
    header_dates = metadata.join_split_times(header)
    # Without the headline's line the header is a window above the body: the nearest dateline.
    seen = (metadata.published_from_lines(header_dates if title_at >= 0 else header_dates[::-1])
            or metadata.published_from_lines(above)) if texts else ""
    if published and seen[:10] == published[:10] and len(seen) > 10 and not metadata.has_utc_offset(published):
        # The same day with the time the page shows (a CMS's meta time is often when the record
        # was made), keeping the seconds that only the meta tag states.
        published = metadata.more_precise(seen, published)
    published = published or seen or metadata.published_from_markup(markup)
    if len(published) <= len("2023-06-08T09:15") and texts and paragraphs:
        # Under the article: the template's dateline, a post's "本贴由…于<date>…发表" line, a
        # "——《刊名》1996年6月号" note; or the time (or seconds) a dateline above left out.
        end = _index_of(texts, paragraphs[-1], len(texts) - 1)
        under = texts[end - 1:end + 1] + datelines_after(texts, end)
        late = metadata.published_from_lines(metadata.join_split_times(under))
        published = metadata.more_precise(published, late) if published else late
        published = published or metadata.published_from_note(texts[max(0, end - 2):end + 4])
        if len(published) == len("2023-06-08"):
            published = metadata.with_posting_clock(published, texts[end:end + 4])
    if len(published) == len("2023-06-08T09:15"):
        # The seconds of that minute, when the markup writes it in full (a script variable, a hidden field).
        published = metadata.with_seconds_from_markup(published, markup)
    # The last resorts: a portal's script variable (a scan of every script: only for undated pages), the URL.
    published = published or metadata.published_from_scripts(tags.scripts) or metadata.date_from_url(url)
    if texts and not seen:
        # A wiki shows only its last revision; a first-publication date it never shows is not the page's.
        revised = metadata.published_from_revision(texts[-30:])
        if revised and (not published or not metadata.shows_date(texts, published)):
            published = revised
    return published


def headline_near_body(blocks, paragraphs: list[str], title: str, own_titles: list[str]) -> tuple[str, list[str], int]:
    """For a headline no heading of the page confirmed (only <title> or og:title gave it): the
    line near the body that shows itself as the headline (headline.choose_headline), when it
    does better than that title. Returns (title, paragraphs, index of the first header line
    after the headline, or -1); when the body took in the headline, it and the dateline, byline
    or subtitle under it leave the body."""
    texts = [b.text for b in blocks]
    start = _index_of(texts, paragraphs[0], -1)
    if start < 0:
        return title, paragraphs, -1
    hints = headline.hints_of(own_titles)
    hints.update(headline.page_hints(texts, start - 40, start + headline.BODY_REACH + 3))
    low = 0
    for i in range(max(0, start - 40), start):
        if chrome.is_breadcrumb(texts[i]):
            low = i + 1
    head = headline.choose_headline(texts, start, hints, low=low)
    if head is None or not _better_headline(head, title, texts, start):
        return title, paragraphs, -1
    if head.last >= start:
        # The body took in the headline: it, whatever came before it, and the dateline, byline
        # or author's name under it leave the body.
        last_line = texts[head.last]
        for k, paragraph in enumerate(paragraphs[:head.last - start + 1]):
            if paragraph == last_line:
                paragraphs = paragraphs[k + 1:]
                while paragraphs and _header_line(paragraphs[0]):
                    paragraphs = paragraphs[1:]
                break
    return head.text, paragraphs, (head.index if head.in_dateline else head.last + 1)


def _better_headline(head, title: str, texts: list[str], start: int) -> bool:
    if head.labelled:
        return True
    if _weak_title(title):
        return head.evidence >= headline.WEAK_EVIDENCE
    if head.recurs and len(head.text) * 2 >= len(title):
        return True
    key = headline.squash(title)
    near = texts[max(0, start - headline.HEADER_REACH):start + headline.BODY_REACH]
    present = any(key and key in headline.squash(t) for t in near)
    return head.evidence >= headline.EVIDENCE and not present


def _weak_title(title: str) -> bool:
    """A page title that names no article: a greeting, a site's address, a word or two, no Chinese."""
    return (len(title) < 4 or chrome.is_banner_line(title) or chrome.has_web_address(title)
            or not any("\u4e00" <= c <= "\u9fff" for c in title))


def _header_line(text: str) -> bool:
    """A line the template prints between headline and body: dateline, byline, an author's name."""
    return (chrome.is_meta_line(text) or chrome.is_dateline(text) or chrome.is_byline(text)
            or (len(text) <= 4 and text.strip() and all("\u4e00" <= c <= "\u9fff" for c in text.strip())))


def datelines_after(texts: list[str], end: int, reach: int = 12) -> list[str]:
    """Datelines the template prints under the article, before anything else: only counters,
    tags, share and pager lines and bylines may stand between (a related list's timestamps
    come after its headlines, which end the search)."""
    out = []
    for line in texts[end + 1:end + 1 + reach]:
        if chrome.is_dateline(line):
            out.append(line)
        elif out:
            break
        elif not (chrome.is_wordless(line) or chrome.is_interface_line(line) or chrome.is_closing_byline(line)
                  or chrome.is_trailing_promo(line) or chrome.is_counter_line(line) or chrome.is_meta_line(line)):
            break
    return out


def _index_of(texts: list[str], text: str, default: int) -> int:
    try:
        return texts.index(text)
    except ValueError:
        return default


def header_lines(texts: list[str], paragraphs: list[str], title: str, window: int = 12,
                 header_from: int = -1) -> tuple[list[str], int]:
    """Template lines between the headline and the first paragraph (datelines, source, author),
    and the headline's line (-1 when not found). `header_from`: where they start, when the
    headline's line is known. The headline's block may hold a little more than the headline
    ("<headline> [打印]"), and the dateline may stand far below it, past share bars and a summary."""
    end = len(texts)
    if paragraphs:
        end = _index_of(texts, paragraphs[0], min(len(texts), 40))
    if header_from >= 0:
        return texts[header_from:end], header_from - 1
    key = headline.squash(title)
    if key:
        for i in range(end - 1, max(-1, end - 3 * window), -1):
            text = texts[i]
            if text == title or (len(text) <= 2 * len(title) + 8 and key in headline.squash(text)):
                return texts[i + 1:end], i
    return texts[max(0, end - window):end], -1


def profile_source(profile, root) -> str:
    return profiles.profile_field(profile, root, "source")
