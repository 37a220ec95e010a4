"""Run progress: a tqdm bar (articles/s, ETA) on a terminal, plain log lines otherwise."""
from __future__ import annotations

import sys
import time


class Progress:
    """Counts articles as they finish (processed, skipped, failed) against a known total."""

    LOG_EVERY_SECONDS = 10.0

    def __init__(self, total: int, enabled: bool = True, stream=None):
        self.total = total
        self.stream = stream or sys.stderr
        self.processed = self.skipped = self.failed = 0
        self.started = time.monotonic()
        self.last_log = self.started
        self.bar = None
        self.enabled = enabled
        if enabled and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="art", file=self.stream, dynamic_ncols=True, smoothing=0.1)

    @property
    def done(self) -> int:
        return self.processed + self.skipped

    def update(self, outcome: str) -> None:
        """outcome: processed | skipped | failed (a failed article is also processed)."""
        if outcome == "skipped":
            self.skipped += 1
        else:
            self.processed += 1
            if outcome == "failed":
                self.failed += 1
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(new=self.processed, skipped=self.skipped, failed=self.failed, refresh=False)
        elif self.enabled and time.monotonic() - self.last_log >= self.LOG_EVERY_SECONDS:
            self.log_line()

    def log_line(self) -> None:
        now = time.monotonic()
        self.last_log = now
        elapsed = now - self.started
        rate = self.processed / elapsed if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = f"{left / rate:.0f}s" if rate > 0 else "?"
        print(f"newsx run: {self.done}/{self.total} articles ({self.processed} processed, {self.skipped} skipped, "
              f"{self.failed} failed), {rate:.1f} articles/s, ETA {eta}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
