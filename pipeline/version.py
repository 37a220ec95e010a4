"""The package version (one place, read by the CLI, the scraper's user agent and the run store)."""
__version__ = "0.1.0"
