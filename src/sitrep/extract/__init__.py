"""Extract: events, arms transfers, quotes and cited sources from a parsed article."""
