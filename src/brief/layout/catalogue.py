"""brief's own words in the brief's language: the message catalogue, dates and lists.

Every label brief or a bundled layout prints ("Key points", "Table 1 (continued)", "Page 2
of 5") is a key of the catalogue in ``layout/messages/<language>.toml``. A layout's
``[texts]`` (or ``[texts.<language>]``) and a spec's ``[texts]`` override any key. A brief in
a language brief has no words for is printed with the English ones, with one warning.

Dates and lists of names follow CLDR through Babel; quotation marks and the punctuation of
captions come from the catalogue, because Babel's CLDR data leaves out the delimiters.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import string
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

from brief.core.locales import parse_locale

ENGLISH = "en"
RIGHT_TO_LEFT = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"}


def shipped() -> dict[str, dict[str, str]]:
    """Every catalogue brief ships, by language tag."""
    return {tag: catalogue(tag) for tag in shipped_languages()}


@functools.cache
def shipped_languages() -> frozenset[str]:
    """The language tags brief ships a catalogue for, from the files' names: a render reads
    only its own language's catalogue and English (all 17 took 11 ms to read)."""
    folder = resources.files("brief.layout") / "messages"
    return frozenset(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


@functools.cache
def catalogue(tag: str) -> dict[str, str]:
    """The shipped catalogue of the language *tag* (one of :func:`shipped_languages`)."""
    entry = resources.files("brief.layout") / "messages" / f"{tag}.toml"
    return tomllib.loads(entry.read_text("utf-8"))


def catalogue_language(tag: str) -> str | None:
    """The shipped catalogue that serves the language *tag*: the tag itself, its script
    for Chinese (zh-TW, zh-HK and zh-MO are Traditional, other Chinese Simplified), else its
    language."""
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower()
    catalogues = shipped_languages()
    if language == "zh":
        subtags = {p.lower() for p in parts[1:]}
        traditional = subtags & {"hant", "tw", "hk", "mo"} and "hans" not in subtags
        return "zh-Hant" if traditional else "zh-Hans"
    return language if language in catalogues else None


def is_right_to_left(tag: str) -> bool:
    """Whether the language *tag* is written from right to left."""
    parts = tag.replace("_", "-").split("-")
    if any(p.lower() in {"arab", "hebr", "thaa", "syrc", "nkoo"} for p in parts[1:]):
        return True
    return parts[0].lower() in RIGHT_TO_LEFT and not any(
        p.lower() in {"latn", "cyrl"} for p in parts[1:]
    )


@dataclass
class Messages:
    """The words of one brief: the catalogue of its language, with the layout's and the
    spec's overrides; keys looked up in English when the language lacks them are noted in
    ``missing`` (to warn about)."""

    language: str
    layout_texts: Mapping[str, Any] = field(default_factory=dict)
    spec_texts: Mapping[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.catalogue = catalogue_language(self.language)
        own = self.layout_texts.get(self.catalogue or self.language)
        self._layout_own = own if isinstance(own, Mapping) else {}

    def text(self, key: str, **values: Any) -> str:
        """The message *key* with *values* filled in, as plain text."""
        return fill(self._pattern(key), values, str)

    def markup(
        self, key: str, check: Callable[[int], None] | None = None, /, **values: Any
    ) -> Markup:
        """The message *key* for a template: its text escaped, each value escaped unless it
        is markup already (a title in ``<i>``); *check* is given the size before it is
        built (see :func:`fill`)."""
        pattern = str(escape(self._pattern(key)))
        return Markup(fill(pattern, values, lambda v: str(escape(v)), check))

    def _pattern(self, key: str) -> str:
        for source in (self.spec_texts, self._layout_own, self.layout_texts):
            value = source.get(key)
            if isinstance(value, str):
                return value
        if self.catalogue is not None and key in (own := catalogue(self.catalogue)):
            return own[key]
        english = catalogue(ENGLISH)
        if key not in english:
            known = ", ".join(sorted(k for k in english if k != "language"))
            raise KeyError(f"no message '{key}'; brief's messages are: {known}")
        if key not in self.missing:
            self.missing.append(key)
        return english[key]

    def placeholders(self, key: str) -> set[str]:
        """The names a message *key* fills in (for checking an override)."""
        return {name for _, name, _, _ in string.Formatter().parse(self._pattern(key)) if name}


def fill(
    pattern: str,
    values: Mapping[str, Any],
    shown: Callable[[Any], str],
    check: Callable[[int], None] | None = None,
) -> str:
    """*pattern* with each ``{name}`` replaced by ``shown(values[name])``. Only plain names
    are filled: a message comes from a layout or a spec someone else wrote, and Python's own
    formatting would let ``{caption.__class__}`` read attributes or ``{x:09999999999}`` ask for
    gigabytes. Anything else, and a name not given, stays as written, so a misspelt
    placeholder prints and shows itself. *check*, when given, is called with the size of the
    text before it is built, and may refuse it by raising: a pattern that repeats a
    placeholder a million times must not build the result to find out."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:  # a lone brace: the words as written
        return pattern
    filled: dict[str, str] = {}  # each value shown once, however often it is used
    pieces: list[str] = []
    for literal, name, spec, conversion in parts:
        pieces.append(literal)
        if name is None:
            continue
        if name.isidentifier() and not spec and not conversion and name in values:
            if name not in filled:
                filled[name] = shown(values[name])
            pieces.append(filled[name])
        else:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            pieces.append("{" + written + "}")
    if check is not None:
        check(sum(map(len, pieces)))
    return "".join(pieces)


_current: contextvars.ContextVar[Messages] = contextvars.ContextVar("brief_messages")


@contextmanager
def speaking(messages: Messages) -> Iterator[Messages]:
    """Make *messages* the words of templates rendered inside the block."""
    token = _current.set(messages)
    try:
        yield messages
    finally:
        _current.reset(token)


def current_messages() -> Messages:
    try:
        return _current.get()
    except LookupError:
        return Messages(ENGLISH)


def translate(key: str, **values: Any) -> Markup:
    """``t(key, name=value...)`` in templates: the brief's words for *key*."""
    from brief.layout.budget import current

    if not isinstance(key, str):
        raise TypeError("t() takes a message name")
    from brief.layout.views import measure

    spending = current()
    for name, value in values.items():  # each is printed; a list of long strings is long
        spending.check_size(measure(value, spending.chars + 1), f"the value '{name}'", count=False)
    return current_messages().markup(
        key, lambda size: spending.check_size(size, f"the message '{key}'"), **values
    )


def long_date(value: dt.date, language: str | None = None) -> str:
    """The date as the language writes it in full: '30 September 2025', '30 septembre
    2025', '2025年9月30日'. Plain 'en' is written day first; 'en-US' month first."""
    from babel.dates import format_date

    if not isinstance(value, dt.date):
        raise TypeError("longdate needs a date")
    tag = language or current_messages().language
    text = format_date(value, "long", locale=_babel_locale(tag))
    if tag.split("-")[0].lower() == "fr" and value.day == 1:  # "1er septembre"
        text = text.replace("1 ", "1er ", 1)
    return text


_CLOSING = (".", "!", "?", "…", "。", "！", "？", "؟", "।", "۔", "።", "។", "။", "།")


def closes(text: str) -> bool:
    """``closes(text)`` in templates: whether *text* ends a sentence already ("Is the
    recovery over?"), so that no full stop follows it."""
    return str(text).rstrip(" \u00a0\"'”’»)").endswith(_CLOSING)


def end_sentence(text: str) -> str:
    """*text* closed with the language's full stop, unless it ends with one already (a
    Ukrainian date, "1 грудня 2026 р.")."""
    stop = current_messages().text("full_stop")
    text = str(text)
    return text if not stop or text.rstrip().endswith((stop, ".", "。")) else text + stop


def lead_in(label: str) -> str:
    """``lead_in(label)`` in templates: a list item's bold lead-in with the language's colon
    after it, as the author wrote "Label: text" ("Encadrement\u00a0:", "框架："): the text
    after it keeps its own case. The mark is the one between a table's number and its
    caption in the catalogue."""
    if not isinstance(label, str):
        raise TypeError("lead_in needs text")
    words = current_messages()
    caption = words.text("table_caption", number="\x00", caption="\x01")
    between = caption.split("\x00", 1)[-1].split("\x01", 1)[0]
    mark = between.rstrip() or ":"
    return label.rstrip(" :：") + mark


def join_names(names: list[str], language: str | None = None) -> str:
    """Names as the language lists them: 'A, B and C', 'A, B et C', 'A、B和C'."""
    from babel import Locale
    from babel.lists import format_list

    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise TypeError("names needs a list of names")
    names = [str(name) for name in names]
    if not names:
        return ""
    tag = language or current_messages().language
    locale = _babel_locale(tag)
    separators = _separators(Locale.parse(locale).list_patterns["standard"])
    if separators is None or len(names) < 3:  # or a pattern with words around the names
        return format_list(names, locale=locale)
    start, middle, end = separators
    # CLDR's patterns joined once ("{0}, {1}" is a separator): Babel applies them one name at
    # a time, copying the list so far each time, so a long list took quadratic time.
    return names[0] + start + middle.join(names[1:-1]) + end + names[-1]


def _separators(patterns: Mapping[str, str]) -> tuple[str, str, str] | None:
    """The separators of CLDR's start, middle and end list patterns, when each is just
    ``{0}SEPARATOR{1}``."""
    found = []
    for kind in ("start", "middle", "end"):
        pattern = patterns.get(kind, "")
        if not (pattern.startswith("{0}") and pattern.endswith("{1}")):
            return None
        separator = pattern[3:-3]
        if "{" in separator:
            return None
        found.append(separator)
    return found[0], found[1], found[2]


def lower_first(text: str, language: str | None = None) -> str:
    """*text* with its first letter in lower case, to follow a word in a sentence ("For
    policy makers"), except in German, where nouns keep their capital, and for a word in
    capitals (an acronym)."""
    if not isinstance(text, str):
        raise TypeError("lower_first needs text")
    tag = (language or current_messages().language).split("-")[0].lower()
    if not text or tag in {"de", "lb"} or (len(text) > 1 and text[1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def localised_number(number: int, language: str | None = None, native: bool = False) -> str:
    """*number* in the language's own digits when *native* (Arabic-Indic in Arabic, Persian
    digits in Persian, Devanagari in Marathi...), else in the digits 0-9. Babel names the
    language's native numbering system (CLDR) but formats only its symbols, so the digits
    are mapped here from the system's zero."""
    text = str(number)
    if not native:
        return text
    from babel import Locale

    locale = Locale.parse(_babel_locale(language or current_messages().language))
    zero = _ZEROS.get(locale.other_numbering_systems.get("native", "latn"))
    if zero is None:
        return text
    return text.translate({ord("0") + d: zero + d for d in range(10)})


# The zero of each decimal numbering system CLDR names as a language's native one.
_ZEROS = {
    "arab": 0x0660, "arabext": 0x06F0, "beng": 0x09E6, "deva": 0x0966, "gujr": 0x0AE6,
    "guru": 0x0A66, "knda": 0x0CE6, "khmr": 0x17E0, "laoo": 0x0ED0, "mlym": 0x0D66,
    "mymr": 0x1040, "orya": 0x0B66, "taml": 0x0BE6, "telu": 0x0C66, "thai": 0x0E50,
    "tibt": 0x0F20, "olck": 0x1C50, "adlm": 0x1E950, "nkoo": 0x07C0,
}  # fmt: skip


@functools.cache
def _babel_locale(tag: str) -> str:
    """The Babel locale for a language tag. Plain English is British English: dates day
    first and lists without a comma before "and", unless the tag names the United States."""
    if tag.replace("_", "-").lower() == "en":  # day first, and no comma before "and"
        return "en_GB"
    locale = parse_locale(tag.replace("_", "-"))
    return str(locale) if locale is not None else "en_GB"


def file_size(size: int, language: str | None = None) -> str:
    """A file size as the language writes it: '1.4 MB', '1,4 Mo', '1,4 МБ' (CLDR units)."""
    from babel.units import format_unit

    tag = _babel_locale(language or current_messages().language)
    for unit, factor in (("gigabyte", 1000**3), ("megabyte", 1000**2)):
        if size >= factor:
            value = round(size / factor, 1 if size < 10 * factor else 0)
            return format_unit(value, f"digital-{unit}", length="short", locale=tag)
    value = round(size / 1000, 1 if size < 10_000 else 0)  # "0.3 kB": CLDR's "byte" is long
    return format_unit(value, "digital-kilobyte", length="short", locale=tag)


def og_locale(tag: str) -> str:
    """A language tag as Open Graph names a locale: language and territory ("fr" ->
    "fr_FR", "zh-Hans" -> "zh_CN"), the territory CLDR finds most likely."""
    from babel.core import get_global

    parts = tag.replace("-", "_").split("_")
    language = parts[0].lower()
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if territory is None:
        likely = get_global("likely_subtags").get("_".join(parts)) or get_global(
            "likely_subtags"
        ).get(language)
        territory = next((p for p in (likely or "").split("_")[1:] if len(p) == 2), None)
    return f"{language}_{territory}" if territory else language


def language_name(tag: str) -> str:
    """The language of *tag* in its own words: 'English', 'français', 'Русский'."""
    locale = parse_locale(tag)
    if locale is None:
        return tag
    name = locale.get_display_name(locale) or tag
    return name[:1].upper() + name[1:]
