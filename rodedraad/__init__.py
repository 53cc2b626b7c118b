"""rodedraad core: the records and errors every layer shares (ingest → models → store → service)."""

__version__ = "0.1.0"
