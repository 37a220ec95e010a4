"""The wall-clock budget of an article: work past it is stopped and the article is an error row.

One timer per call, not a process per article: in a process's main thread (the inline
executor, every pool worker) a SIGALRM interval timer, which also stops a regex stuck in
backtracking (the regex engine checks for signals while it matches); in another thread (a
Dask worker) a timer thread that raises in the working thread between two Python steps.
"""
from __future__ import annotations

import ctypes
import signal
import threading
from contextlib import contextmanager

DEFAULT_ARTICLE_TIMEOUT = 30.0     # seconds per article (`newsx run --article-timeout`)


class ArticleTimeout(Exception):
    """The article's time budget ran out."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise ArticleTimeout in this thread once `seconds` have passed inside the block.
    None or 0: no limit."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _timer_thread(seconds):
            yield


@contextmanager
def _alarm(seconds: float):
    def on_alarm(signum, frame):
        raise ArticleTimeout(f"over the {seconds:g} s budget")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _timer_thread(seconds: float):
    target = threading.get_ident()
    done = threading.Event()
    fired = []

    def expire():
        if not done.is_set():
            fired.append(True)
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(ArticleTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except ArticleTimeout:
        raise ArticleTimeout(f"over the {seconds:g} s budget") from None
    finally:
        done.set()
        timer.cancel()
        if fired:
            # The exception may still be pending if the block ended just as it was set: clear it.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
