"""One HTML page -> CleanedPage: parse, read metadata, pick profile or generic body extraction."""
from __future__ import annotations

from pipeline.clean import generic_body, metadata
from pipeline.clean import site_profiles as profiles
from pipeline.clean.cleaned_page import CleanedPage, CleanError
from pipeline.clean.dom import BrokenHtml, parse_html, strip_non_content, text_blocks


def clean_html(text: str, url: str = "", site_profiles=None, utf8: bytes | None = None) -> CleanedPage:
    """`utf8`: the page's bytes when `text` is their UTF-8 decoding (parsed as they are)."""
    try:
        root = parse_html(text, utf8)
    except BrokenHtml as exc:
        raise CleanError(str(exc)) from exc
    # Meta tags and JSON-LD first: JSON-LD lives in <script>, which stripping removes.
    tags = metadata.PageTags.of(root)
    url = url or metadata.site_from_dom(root, tags)
    title = metadata.title_from_dom(root, tags)
    published = metadata.published_from_dom(root, tags)
    strip_non_content(root)

    paragraphs: list[str] = []
    extractor = ""
    profile = profiles.profile_for(url, root, site_profiles, page_text=text)
    if profile is not None:
        result = profiles.apply_profile(profile, root, title)
        if result is not None:
            paragraphs, title = result.paragraphs, result.title or title
            published = result.published or published
            extractor = f"profile:{profile.id}"
    page_blocks = None
    if not paragraphs:
        page_blocks = text_blocks(root)
        paragraphs = generic_body.extract_generic(root, title, page_blocks)
        extractor = "generic"

    source = profile_source(profile, root) if extractor.startswith("profile:") else ""
    header: list[str] = []
    if not (published and source):
        # Datelines and "来源：" lines between headline and body; the walk is only paid when needed.
        header = header_lines(page_blocks if page_blocks is not None else text_blocks(root), paragraphs, title)
    if not published:
        published = (metadata.published_from_lines(header) or metadata.published_from_markup(text)
                     or metadata.date_from_url(url))
    source = source or metadata.source_from_lines(header) or metadata.meta_content(root, "source", "og:site_name")
    author = metadata.author_from_lines(header + paragraphs[-3:]) or metadata.meta_content(root, "author")
    return CleanedPage(title=title, body="\n".join(paragraphs), published_at=published, source=source,
                       author=author, url=url, extractor=extractor)


def header_lines(blocks, paragraphs: list[str], title: str, window: int = 12) -> list[str]:
    """Template lines between the headline and the first paragraph (datelines, source, author)."""
    texts = [b.text for b in blocks]
    end = len(texts)
    if paragraphs:
        try:
            end = texts.index(paragraphs[0])
        except ValueError:
            end = min(len(texts), 40)
    start = max(0, end - window)
    if title:
        for i in range(end - 1, -1, -1):
            if texts[i] == title:
                start = i + 1
                break
    return texts[start:end]


def profile_source(profile, root) -> str:
    return profiles.profile_field(profile, root, "source")
