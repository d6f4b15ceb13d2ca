"""The language of a text, for an article that does not say what language it is in.

Detection uses fastText's language identification model (``lid.176.ftz``, 176 languages,
shipped in ``data/`` under CC BY-SA 3.0, see ``data/NOTICE.md``) through fasttext-predict,
the prediction half of fastText as a small wheel. It replaced py3langid, whose model took
0.45 s to decompress and 86 MB to hold on every brief that did not name its language; this
one loads in about 15 ms and holds a few MB. Nothing is fetched, and the same text always
gives the same answer, so renders stay byte-identical. Answers are limited to the languages
brief typesets and kept only when the model is confident. Chinese is told apart as
Simplified or Traditional by the characters used.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from brief.core.text import CharacterClass

# Languages brief typesets and that detection may answer (ISO 639-1).
_CANDIDATES = frozenset(
    {
        "ar",
        "bg",
        "ca",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "fa",
        "fi",
        "fr",
        "he",
        "hi",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "nl",
        "no",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "sr",
        "sv",
        "th",
        "tr",
        "uk",
        "vi",
        "zh",
    }
)
_MODEL = Path(__file__).resolve().parent / "data" / "lid.176.ftz"
_LABEL = "__label__"
_MIN_LETTERS = 20  # shorter text says too little
_LETTER = re.compile(r"[^\W\d_]")
# Characters that differ between Simplified and Traditional Chinese, most common first.
_SIMPLIFIED = set("们这国会为对说经与发时来个后过还进动关现实见问题应长电开业")
_TRADITIONAL = set("們這國會為對說經與發時來個後過還進動關現實見問題應長電開業")


@functools.lru_cache(maxsize=1)
def _model() -> Any:
    import fasttext  # fasttext-predict

    return fasttext.load_model(str(_MODEL))


def detect_language(text: str, confidence_needed: float = 0.9) -> str | None:
    """A BCP 47 tag for *text* ("ru", "zh-Hant"...), or None when unsure: when the likeliest
    language brief typesets has less than *confidence_needed* of the probability, counted
    over the languages brief typesets."""
    sample = " ".join(text[:4000].split())  # fastText reads one line
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return None
    labels, probabilities = _model().predict(sample, k=-1)
    ours = [
        (probability, label.removeprefix(_LABEL))
        for label, probability in zip(labels, probabilities, strict=True)
        if label.removeprefix(_LABEL) in _CANDIDATES
    ]
    total = sum(probability for probability, _ in ours)
    if not ours or total <= 0:
        return None
    best, language = max(ours)
    if best / total < confidence_needed:
        return None
    if language == "zh":
        traditional = sum(c in _TRADITIONAL for c in sample)
        simplified = sum(c in _SIMPLIFIED for c in sample)
        return "zh-Hant" if traditional > simplified else "zh-Hans"
    return str(language) if language else None


_SCRIPTS = (
    ("Arab", CharacterClass("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]", "\u0600")),
    ("Hebr", CharacterClass("[\u0590-\u05ff\ufb1d-\ufb4f]", "\u0590")),
    ("Cyrl", CharacterClass("[\u0400-\u04ff]", "\u0400")),
    ("Grek", CharacterClass("[\u0370-\u03ff]", "\u0370")),
    ("Hani", CharacterClass("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", "\u3040")),
    ("Latn", CharacterClass("[A-Za-z\u00c0-\u024f]", "A")),
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
