"""Optimisations that change no result, in one place: the bottom layer (it imports nothing else
of `pipeline`).

    regex_cache       compiled regexes kept on disk, so start-up does not compile the rules again
    lexicon_trie      a lexicon as a prefix tree instead of a longest-first alternation
    pattern_compiler  rule patterns rewritten so `re` runs them faster (lookarounds after the
                      character they precede, first-character checks)
    regex_gates       what text a rule's every match contains: a text without it is not searched
    lac_lengths       the LAC encoder edited to read padded batches of windows exactly as alone
                      (kept in the cache folder as onnxruntime optimized it)
    file_tables       tables read or derived from data files (LAC's dictionaries), kept on disk

`NEWSX_PLAIN=1` in the environment turns every one of them off: patterns are compiled as written
(by `re.compile`, lexicons as longest-first alternations), every rule runs on every text, and the
LAC model is the package's own (windows joined into one text, see pipeline/nlp/ner.py). Tests
compare the two paths; the plain one is the reference when a speedup is in doubt.
"""
from __future__ import annotations

import os

PLAIN_ENV = "NEWSX_PLAIN"


def enabled() -> bool:
    """False when NEWSX_PLAIN is set (to anything but 0 or nothing): the plain path."""
    return os.environ.get(PLAIN_ENV, "").strip() in ("", "0")
