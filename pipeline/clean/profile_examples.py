"""Running a site profile's `examples:` through the whole clean stage (newsx rules test, pytest)."""
from __future__ import annotations

from pipeline.clean import clean_page
from pipeline.clean.site_profiles import SiteProfile


def example_failures(profile: SiteProfile, example: dict, profiles=None) -> list[str]:
    """What the cleaner gets wrong on one of a profile's examples ([] when it is right)."""
    url = example.get("url") or f"https://{profile.hosts[0]}/a.html"
    page = clean_page(example["html"].encode("utf-8"), "html", url=url, site_profiles=profiles)
    failures = []
    if page.extractor != f"profile:{profile.id}":
        failures.append(f"cleaned by {page.extractor}, not by this profile")
    for key in ("body", "title", "published_at"):
        if key in example and getattr(page, key) != example[key]:
            failures.append(f"{key}: expected {example[key]!r}, got {getattr(page, key)!r}")
    return failures
