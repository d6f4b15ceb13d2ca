"""Where words may break at a line end: each language's patterns (pyphen's dictionaries, the
ones LibreOffice and TeX use) with the minimums a publisher keeps, and the layout's own
exceptions.

The patterns alone would break "Be-larus" and "fo-cus"; a publisher keeps at least two letters
before a break and, in English, three after it, hyphenates no word shorter than six letters,
and leaves names alone where the language marks them with a capital. A compound the author
hyphenated ("out-of-view") breaks only at its own hyphens, which add nothing to the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brief.core.cache import remembered

#: Letters kept before and after a break (TeX's lefthyphenmin and righthyphenmin for the
#: language, hyph-utf8); other languages keep two and two.
_MINIMUMS: dict[str, tuple[int, int]] = {
    "en": (2, 3),
    "fr": (2, 3),
    "pt": (2, 3),
    "cs": (2, 3),
    "sk": (2, 3),
    "tr": (2, 2),
}
EXPLICIT, PLAIN, NAME = "explicit", "plain", "name"  # kinds of break point
_MIN_WORD = 6  # letters: shorter words are never hyphenated
_MIN_NAME = 8  # letters: nor shorter names ("Russia", "Belarus")
_CAPITALISED_NOUNS = {"de", "lb"}  # a capital marks a noun, not a name: such words may break
# LibreOffice's en_GB dictionary, as pyphen ships it, breaks "re-l-at-ive" and "in-form-a-tion";
# Liang's patterns (TeX's default English, pyphen's en_US) break "rel-a-tive", "in-for-ma-tion".
_PATTERNS = {"en": "en_US"}


def hyphenation_language(language: str, exceptions: tuple[str, ...] = ()) -> Hyphenator | str:
    """The hyphenator for a BCP 47 tag ('de-CH' -> pyphen's 'de_CH'), or '' when pyphen has
    no dictionary for it. *exceptions* are words written with hyphens where they may break
    ("rel-a-tive"; "Belarus" alone: never), as TeX's ``\\hyphenation``.

    Parsing a dictionary's patterns takes about 0.15 s, so the parsed dictionary is kept in
    brief's cache folder.
    """
    import pyphen

    primary = language.split("-")[0].lower()
    name = _PATTERNS.get(primary) or pyphen.language_fallback(language.replace("-", "_")) or ""
    if not name:
        return ""
    _load_hyphenation(pyphen, pyphen.LANGUAGES[name])
    return Hyphenator(name, tuple(exceptions))


class Hyphenator:
    """Where a word may break, for ReportLab (``hyphenationLang`` takes a callable): the
    language's points in a plain word, heads longest first, as pyphen gives them; in a
    compound the author hyphenated ("out-of-view", "anti-immigrant") only its own hyphens, as
    TeX does, so a line never ends "out-" before "-of-view", nor "anti-im-" before "migrant"."""

    def __init__(self, name: str, exceptions: tuple[str, ...] = ()):
        import pyphen

        self.name = name
        self.exceptions = tuple(exceptions)
        primary = name.split("_")[0].lower()
        left, right = _MINIMUMS.get(primary, (2, 2))
        self._iterate = pyphen.Pyphen(lang=name, left=left, right=right).iterate
        self._names = primary not in _CAPITALISED_NOUNS
        self._listed = {
            entry.replace("-", "").casefold(): [i for i, c in enumerate(_positions(entry)) if c]
            for entry in self.exceptions
        }

    def __call__(self, word: str) -> Any:
        """(head, tail) pairs, names left whole."""
        for head, tail, kind in self.points(word):
            if kind != NAME:
                yield head, tail

    def permissive(self, word: str) -> Any:
        """(head, tail) pairs, names broken too (where a line breaker chose to)."""
        for head, tail, _kind in self.points(word):
            yield head, tail

    def points(self, word: str) -> Any:
        """(head, tail, kind) for every break point, the longest head first; *kind* is
        :data:`EXPLICIT` for the author's hyphen, :data:`NAME` in a capitalised word where
        the language marks names with a capital, else :data:`PLAIN`."""
        inner = word.strip("-")
        if "-" in inner:
            parts = word.split("-")
            for cut in range(len(parts) - 1, 0, -1):
                head, tail = "-".join(parts[:cut]), "-".join(parts[cut:])
                if head.strip("-") and tail.strip("-"):
                    yield head + "-", tail, EXPLICIT
            return
        listed = self._listed.get(word.casefold())
        if listed is not None:
            for at in reversed(listed):
                yield word[:at], word[at:], PLAIN
            return
        if len(word) < _MIN_WORD or any(c.isupper() for c in word[1:]):
            return  # short, or an acronym or a brand's name (NATO, rOpenSci, iPhone)
        if self._names and word[:1].isupper():
            if len(word) >= _MIN_NAME:  # a name: three letters at least on each side
                for head, tail in self._iterate(word):
                    if len(head) >= 3 and len(tail) >= 3:
                        yield head, tail, NAME
            return
        for head, tail in self._iterate(word):
            yield head, tail, PLAIN

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Hyphenator)
            and other.name == self.name
            and other.exceptions == self.exceptions
        )

    def __hash__(self) -> int:
        return hash((self.name, self.exceptions))

    def __repr__(self) -> str:
        return f"Hyphenator({self.name!r})"


def _positions(entry: str) -> list[bool]:
    """For "rel-a-tive": whether a break comes before each letter of "relative"."""
    marks: list[bool] = []
    pending = False
    for char in entry:
        if char == "-":
            pending = True
            continue
        marks.append(pending)
        pending = False
    return marks


def _load_hyphenation(pyphen: Any, path: Path) -> None:
    """Put the parsed dictionary at *path* in pyphen's own cache, from brief's when it can."""
    if path in pyphen.hdcache:
        return
    stat = path.stat()
    key = f"{path.stem}-{stat.st_size}-{stat.st_mtime_ns}-pyphen-{pyphen.VERSION}-compact"
    pyphen.hdcache[path] = remembered(
        "hyphenation",
        key,
        lambda: pyphen.HyphDict(path),
        _dictionary_state,
        lambda state: _dictionary_from_state(pyphen, state),
    )


# A parsed dictionary is kept with each pattern's values as text: unpickled as pyphen's
# tuples of numbers, English's 4,900 patterns took 12 ms of every first render, as text 2.
# pyphen's HyphDict is made without parsing, from what it would hold (its names below).
RELIED_ON = [("pyphen", "hdcache"), ("pyphen", "HyphDict"), ("pyphen", "VERSION")]
DICTIONARY_ATTRIBUTES = ("patterns", "cache", "maxlen")


def _dictionary_state(dictionary: Any) -> tuple[dict[str, str], dict[str, Any], int]:
    """The patterns as "offset:digits" text; a pattern of pyphen's nonstandard kind (a
    value with data attached) as it is."""
    plain, other = {}, {}
    for pattern, (offset, values) in dictionary.patterns.items():
        if all(type(value) is int and 0 <= value <= 9 for value in values):
            plain[pattern] = f"{offset}:{''.join(map(str, values))}"
        else:
            other[pattern] = (offset, values)
    return plain, other, dictionary.maxlen


def _dictionary_from_state(pyphen: Any, state: tuple[dict[str, str], dict[str, Any], int]) -> Any:
    plain, other, maxlen = state
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns = _Patterns(plain)
    dictionary.patterns.update(other)
    dictionary.cache = {}
    dictionary.maxlen = maxlen
    return dictionary


class _Patterns(dict[str, Any]):
    """pyphen's patterns, each made (offset, values) when a word first looks it up."""

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key, default)
        if type(value) is str:
            offset, _, digits = value.partition(":")
            value = (int(offset), tuple(map(int, digits)))
            self[key] = value
        return value
