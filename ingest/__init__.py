"""ingest: files in, ``ParsedDocument``s out. Knows nothing of embeddings or the store."""
