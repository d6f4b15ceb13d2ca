"""The language of a text, for an article that does not say what language it is in.

Detection uses py3langid, a maintained fork of langid.py: its model ships inside the package
(nothing is fetched), it is deterministic (the same text always gives the same answer, so
renders stay byte-identical), and it is small and fast; it is imported only when a brief
needs it. It is limited to the languages brief typesets and its answers are kept only when
confident. Chinese is told apart as Simplified or Traditional by the characters used.
"""

from __future__ import annotations

import functools
import re

# Languages brief typesets and that detection may answer (ISO 639-1).
_CANDIDATES = (  # noqa: SIM905 (codes read better as words)
    "ar bg ca cs da de el en es et fa fi fr he hi hr hu id it ja ko lt lv nl no pl pt ro ru "
    "sk sl sr sv th tr uk vi zh"
).split()
_MIN_LETTERS = 20  # shorter text says too little
_LETTER = re.compile(r"[^\W\d_]")
# Characters that differ between Simplified and Traditional Chinese, most common first.
_SIMPLIFIED = set("们这国会为对说经与发时来个后过还进动关现实见问题应长电开业")
_TRADITIONAL = set("們這國會為對說經與發時來個後過還進動關現實見問題應長電開業")


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(_CANDIDATES)
    return identifier


def detect_language(text: str, confidence_needed: float = 0.9) -> str | None:
    """A BCP 47 tag for *text* ("ru", "zh-Hant"...), or None when unsure."""
    sample = text[:4000]
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return None
    language, confidence = _identifier().classify(sample)
    if confidence < confidence_needed:
        return None
    if language == "zh":
        traditional = sum(c in _TRADITIONAL for c in sample)
        simplified = sum(c in _SIMPLIFIED for c in sample)
        return "zh-Hant" if traditional > simplified else "zh-Hans"
    return language


_SCRIPTS = (
    ("Arab", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("Hebr", re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]")),
    ("Cyrl", re.compile(r"[\u0400-\u04ff]")),
    ("Grek", re.compile(r"[\u0370-\u03ff]")),
    ("Hani", re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")),
    ("Latn", re.compile(r"[A-Za-z\u00c0-\u024f]")),
)
_LANGUAGE_SCRIPT = {
    "ar": "Arab",
    "fa": "Arab",
    "he": "Hebr",
    "ru": "Cyrl",
    "uk": "Cyrl",
    "bg": "Cyrl",
    "sr": "Cyrl",
    "el": "Grek",
    "zh": "Hani",
    "ja": "Hani",
    "ko": "Hani",
}


def script_of(text: str) -> str | None:
    """The script most letters of *text* are written in."""
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS}
    best = max(counts, key=counts.get)  # type: ignore[arg-type]
    return best if counts[best] else None


def passage_language(text: str, document: str) -> str | None:
    """The language of a passage in another script than the document's language ("ar" for
    an Arabic paragraph in an English brief), or None: passages in the document's own script
    are read in the document's language."""
    primary = document.split("-")[0].lower()
    own = _LANGUAGE_SCRIPT.get(primary, "Latn")
    script = script_of(text)
    if script is None or script == own:
        return None
    found = detect_language(text, 0.5)  # the script already narrows it down
    if found is not None and _LANGUAGE_SCRIPT.get(found.split("-")[0], "Latn") == script:
        return found
    return None
