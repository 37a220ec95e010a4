"""The figure extractor's faster context search finds what the full search finds.
"""
from __future__ import annotations

import random
import re

# --- a figure's subject is looked for only where a head or scope word is ---------------------

def test_subject_search_skipped_without_a_head_or_scope_word_finds_the_same(corpus_texts):
    from pipeline.extractors import load_rules
    from pipeline.extractors.figures.context import FigureContext

    lexicons = load_rules().lexicons["figures"]
    gated = FigureContext(lexicons)
    ungated = FigureContext(lexicons)
    ungated.subject_words_re = re.compile("")          # found in every text: the subject search always runs
    rng = random.Random(17)
    words = lexicons["subject_heads"] + lexicons["subject_scopes"] + lexicons["subject_stop_words"][:10]
    parts = words + ["2022年", "的", "产业", "12", "，", "湖南", "A", "|"]
    texts = [text[i:i + rng.randint(0, 80)] for text in corpus_texts for i in range(0, len(text), 97)]
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(0, 8))) for _ in range(5000)]
    found = 0
    for text in texts:
        dates = [(0, 2)] if len(text) > 4 and rng.random() < 0.2 else []
        subject = gated.subject_of(text, dates)
        assert subject == ungated.subject_of(text, dates), text
        found += bool(subject)
    assert found > 100



# --- fixed terms are looked for only around a figure -------------------------------------------

def test_fixed_terms_near_a_figure_are_the_fixed_terms_of_the_whole_text(corpus_texts):
    from pipeline.extractors import load_rules
    from pipeline.extractors.figures.extractor import FigureExtractor

    fx = FigureExtractor(load_rules())
    rng = random.Random(3)
    terms = load_rules().lexicons["figures"]["fixed_terms"]
    texts = list(corpus_texts) + ["".join(rng.choice(terms + ["12个", "，", "三家", "两"]) for _ in range(30))
                                  for _ in range(300)]
    hits = 0
    for text in texts:
        spans = [m.span() for m in fx.fixed_terms.finditer(text)]
        for _ in range(40):
            start = rng.randrange(0, max(1, len(text)))
            end = min(len(text), start + rng.randint(1, 6))
            whole = any(s < end and start < e for s, e in spans)
            assert fx.in_fixed_term(text, start, end) == whole, (text[max(0, start - 8):end + 8], start, end)
            hits += whole
    assert hits > 100
