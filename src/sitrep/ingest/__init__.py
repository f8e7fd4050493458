"""Ingest: read files, feeds and corpora into Articles (one bad document never stops a batch)."""
