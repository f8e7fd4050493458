"""Knowledge-base lookups over the shipped gazetteers and catalogues."""
