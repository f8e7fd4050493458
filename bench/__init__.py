"""sitrep benchmarks (run with `make bench`; see bench/README section in the main README)."""
