from pipeline.clean import CleanedPage
def clean_pagetext(text, url=""):
    return CleanedPage(body="\n".join(l.strip() for l in text.splitlines() if l.strip()), extractor="pagetext")
