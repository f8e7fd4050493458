"""Store: the SQLite record of articles and everything extracted from them."""
