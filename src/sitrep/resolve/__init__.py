"""Resolve: merge mentions and entities into canonical ones."""
