"""Tools for the people working on newsx (not used by the pipeline itself)."""
