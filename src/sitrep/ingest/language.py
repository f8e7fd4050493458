"""Cheap language identification: "en", another ISO 639-1 code, or "und".

Three steps, cheapest first: the writing system (Cyrillic, Arabic, CJK, … settle it at once);
the share of English function words among the lower-case words of the first ~2000 characters
(names are capitalised, so a short English page full of names is still English); and only when
those are inconclusive, the lingua detector (built once, lazily, for a small set of languages).
"""

from __future__ import annotations

import re
from functools import cache

_SAMPLE = 2000
# (first code point, last code point, script)
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"), (0x0400, 0x052F, "cyrillic"), (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"), (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"), (0x0980, 0x09FF, "bengali"), (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"), (0x3040, 0x30FF, "kana"), (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"), (0xAC00, 0xD7AF, "hangul"), (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
)
_SCRIPT_LANG = {"greek": "el", "cyrillic": "ru", "armenian": "hy", "hebrew": "he", "arabic": "ar",
                "devanagari": "hi", "bengali": "bn", "thai": "th", "georgian": "ka", "kana": "ja",
                "han": "zh", "hangul": "ko"}
_UKRAINIAN = set("іїєґІЇЄҐ")
_PERSIAN = set("پچژگی")
_URDU = set("ٹڈڑےں")

_FUNCTION_WORDS = frozenset("""
the of and to in is that for on with as was by it at from has have be are were will its an this which not
or but his her their after had been would who they he she we said says also than more about over into
could should may can there these those other such when while since including between against under
during because if so what all some our most new us you them then only any no two three before where
""".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

_LINGUA_LANGS = ("ENGLISH", "GERMAN", "FRENCH", "SPANISH", "PORTUGUESE", "ITALIAN", "DUTCH", "POLISH",
                 "TURKISH", "INDONESIAN", "SWEDISH", "ROMANIAN", "CZECH", "CROATIAN", "HUNGARIAN", "VIETNAMESE",
                 "TAGALOG", "DANISH", "FINNISH", "SOMALI")

NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian",
         "nl": "Dutch", "pl": "Polish", "tr": "Turkish", "id": "Indonesian", "sv": "Swedish", "ro": "Romanian",
         "cs": "Czech", "hr": "Croatian", "hu": "Hungarian", "vi": "Vietnamese", "tl": "Tagalog", "da": "Danish",
         "fi": "Finnish", "so": "Somali", "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "fa": "Persian",
         "ur": "Urdu", "el": "Greek", "hy": "Armenian", "he": "Hebrew", "hi": "Hindi", "bn": "Bengali", "th": "Thai",
         "ka": "Georgian", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "und": "an undetermined language"}


def language_name(code: str) -> str:
    """English name of a code this module returns ("de" → "German")."""
    return NAMES.get(code, code)


def detect_language(text: str) -> str:
    """The language of ``text``: "en", an ISO 639-1 code, or "und" when it cannot be told."""
    sample = text[:_SAMPLE]
    script = _dominant_script(sample)
    if script is None:
        return "und"
    if script != "latin":
        return _script_language(script, sample)
    words = _WORD.findall(sample)
    lower = [w for w in words if w[0].islower()]
    accented = sum(1 for c in sample if "\u00c0" <= c <= "\u024f")
    letters = sum(len(w) for w in words) or 1
    if len(lower) >= 8:
        ratio = sum(1 for w in lower if w in _FUNCTION_WORDS) / len(lower)
        if ratio >= 0.3 and accented / letters < 0.02:
            return "en"
        if ratio >= 0.2 and accented / letters < 0.005:
            return "en"
        return _lingua(" ".join(lower)) or "und"
    # very few lower-case words (a headline, a list of names): English unless lingua is sure
    if accented / letters < 0.01 and (not lower or any(w in _FUNCTION_WORDS for w in lower)):
        return "en"
    return _lingua(sample) or "und"


def _dominant_script(sample: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in sample:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x0250:
            script = "latin"
        else:
            script = next((s for lo, hi, s in _SCRIPTS if lo <= o <= hi), "other")
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    total = sum(counts.values())
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if script == "latin":
        return "latin" if n / total >= 0.5 else max((kv for kv in counts.items() if kv[0] != "latin"),
                                                    key=lambda kv: kv[1])[0]
    if script == "han" and counts.get("kana", 0) > 0.05 * total:
        return "kana"
    return script if script != "other" else None


def _script_language(script: str, sample: str) -> str:
    if script == "cyrillic":
        return "uk" if any(c in _UKRAINIAN for c in sample) else "ru"
    if script == "arabic":
        if any(c in _URDU for c in sample):
            return "ur"
        return "fa" if sum(c in _PERSIAN for c in sample) > 3 else "ar"
    return _SCRIPT_LANG.get(script, "und")


@cache
def _detector():
    try:
        from lingua import Language, LanguageDetectorBuilder  # noqa: PLC0415 (heavy; rarely needed)
    except ImportError:  # pragma: no cover - lingua is a declared dependency
        return None
    langs = [getattr(Language, n) for n in _LINGUA_LANGS if hasattr(Language, n)]
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


def _lingua(text: str) -> str | None:
    det = _detector()
    if det is None or not text.strip():
        return None
    lang = det.detect_language_of(text)
    return lang.iso_code_639_1.name.lower() if lang is not None else None
