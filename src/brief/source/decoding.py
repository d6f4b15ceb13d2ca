"""From an article's bytes to its text: encodings and byte-order marks, characters no text
should hold, and character references that name no character."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from brief.core.errors import ArticleError, Problem, warn

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# C0 and C1 control characters other than tab and newline: never part of an author's text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Code points that are not characters (noncharacters, surrogates): XML cannot carry most of
# them, no font draws them, and no author meant them.
_NOT_CHARACTERS = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"\\U{plane:04x}fffe\\U{plane:04x}ffff".replace("\\U0000", "\\u") for plane in range(17)
    )
    + "]"
)
# Zero-width spaces and stray byte-order marks: invisible, and they break words apart.
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff]")


def decode_article(data: bytes, path: Path) -> str:
    """Bytes to text, with the documented repairs and a warning for each.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as
    they are; other text falls back to Windows-1252 (then Latin-1) with a warning naming the
    guess. Control characters and zero-width spaces are removed; line endings become \\n.
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding:
        data = data[3 if encoding == "utf-8" else 2 :]
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if encoding and encoding.startswith("utf-16"):
            raise ArticleError.at(path, "not valid UTF-16 text", line=line) from None
        guess = "Windows-1252"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text, guess = data.decode("latin-1"), "Latin-1"
        warn(Problem(path, f"not UTF-8 (byte 0x{data[exc.start]:02x}); read as {guess}", line=line))
    # "\r\r\n" is one line end converted twice (a Windows file sent through a text-mode
    # channel, as wire services and mail gateways do), not a blank line after each line.
    text = re.sub(r"\r+\n", "\n", text).replace("\r", "\n")
    if _binary(text):
        raise ArticleError.at(path, "not a text file (it is mostly control characters)")
    text = _removed(text, _CONTROL, "control character(s)", path, warn)
    text = _removed(text, _NOT_CHARACTERS, "code point(s) that are not characters", path, warn)
    return _ZERO_WIDTH.sub("", text)


# CommonMark's numeric references: up to 7 decimal or 6 hexadecimal digits; a longer one
# ("&#87654321;") is no reference but text, printed as written.
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def drop_bad_references(text: str, path: Path, line_map: list[int]) -> str:
    """Character references to what is not a character (``&#xD800;``, ``&#xFFFF;``, ``&#1;``)
    are removed with a warning at their line: Markdown would print U+FFFD for some, and XML
    cannot carry the others."""

    def bad(match: re.Match[str]) -> bool:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return code > 0x10FFFF or bool(
            _CONTROL.match(chr(code)) or _NOT_CHARACTERS.match(chr(code)) or code == 0
        )

    found = [m for m in _REFERENCE.finditer(text) if bad(m)]
    if not found:
        return text
    line = text.count("\n", 0, found[0].start()) + 1
    warn(
        Problem(
            path,
            f"removed {len(found)} character reference(s) to what is not a character "
            f"(first {found[0].group()})",
            line=line_map[line - 1] if line <= len(line_map) else line,
        )
    )
    return _REFERENCE.sub(lambda m: "" if bad(m) else m.group(), text)


def _removed(
    text: str, pattern: re.Pattern[str], what: str, path: Path, warn: Callable[[Problem], None]
) -> str:
    """*text* without what *pattern* matches, with one warning at the first one's line."""
    first = pattern.search(text)
    if first is None:
        return text
    count = len(pattern.findall(text))
    line = text.count("\n", 0, first.start()) + 1
    warn(Problem(path, f"removed {count} {what} (first U+{ord(first.group()):04X})", line=line))
    return pattern.sub("", text)


def _binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > len(sample) * 0.1
