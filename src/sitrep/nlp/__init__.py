"""NLP: the spaCy pipeline and sitrep's components (entities, roles, time expressions)."""
