"""sitrep: a sourced, queryable record of defence and geopolitics news."""

__version__ = "0.1.0"
