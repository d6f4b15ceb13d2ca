"""Line breaking rules of Chinese, Japanese and Korean text (kinsoku shori).

ReportLab breaks CJK text between any two characters and keeps only ASCII punctuation and a
few Japanese marks off the start of a line: a full-width comma or a closing bracket could
begin a line, and an opening bracket end one. After ReportLab has broken the lines, a line
that would begin with a character that may not start one takes it to the end of the line
before (where it hangs in the margin, as CJK typesetting does), and a line that would end
with an opening bracket gives it to the next line. The classes are those of UAX #14: closing
punctuation (CL, CP), exclamation (EX), infix separators (IS) and non-starters (NS) may not
start a line; opening punctuation (OP) may not end one.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

CANNOT_START = frozenset(
    # CL, CP: closing brackets and the ideographic comma and full stop
    "、。，．）〕］｝〉》」』】〙〗〟’”｠»)]}"
    # EX and IS: exclamation, question, colon, semicolon
    "！？：；‼⁇⁈⁉!?:;,."
    # NS: small kana, iteration marks, prolonged sound mark, middle dot, wave dash
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "々〻ヽヾゝゞーｰ・･〜‐゠"
)
CANNOT_END = frozenset("（〔［｛〈《「『【〘〖〝‘“｟«([{")


def keep_punctuation(para: Any) -> Any:
    """*para* (ReportLab's broken lines of a CJK paragraph) with no line starting with a
    closing mark or ending with an opening one."""
    lines = getattr(para, "lines", None)
    if not lines or len(lines) < 2:
        return para
    single = getattr(para, "kind", 0) == 0  # one frag: lines are (extra space, [text])
    font = (para.fontName, para.fontSize) if single else None
    for index in range(1, len(lines)):
        before, after = lines[index - 1], lines[index]
        if single:
            lines[index - 1], lines[index] = _move_plain(before, after, font)  # type: ignore[arg-type]
        else:
            _move_frags(before, after)
    return para


def _text_of(line: Any) -> str:
    return "".join(getattr(frag, "text", "") or "" for frag in line.words)


def _move_plain(
    before: tuple[Any, ...], after: tuple[Any, ...], font: tuple[str, float]
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    (space_before, [text_before]), (space_after, [text_after]) = before, after
    if text_after[:1] in CANNOT_START and len(text_after) > 1:
        width = stringWidth(text_after[0], *font)
        return (space_before - width, [text_before + text_after[0]]), (
            space_after + width,
            [text_after[1:]],
        )
    if text_before[-1:] in CANNOT_END and len(text_before) > 1:
        width = stringWidth(text_before[-1], *font)
        return (space_before + width, [text_before[:-1]]), (
            space_after - width,
            [text_before[-1] + text_after],
        )
    return before, after


def _move_frags(before: Any, after: Any) -> None:
    first, last = _text_of(after)[:1], _text_of(before)[-1:]
    if first in CANNOT_START and len(_text_of(after)) > 1:
        frag = next(f for f in after.words if getattr(f, "text", ""))
        width = stringWidth(first, frag.fontName, frag.fontSize)
        _append(before, frag, first)
        _drop_first(after, frag)
        before.extraSpace -= width
        after.extraSpace += width
    elif last in CANNOT_END and len(_text_of(before)) > 1:
        frag = next(f for f in reversed(before.words) if getattr(f, "text", ""))
        width = stringWidth(last, frag.fontName, frag.fontSize)
        _prepend(after, frag, last)
        frag.text = frag.text[:-1]
        before.extraSpace += width
        after.extraSpace -= width


def _append(line: Any, frag: Any, char: str) -> None:
    tail = line.words[-1] if line.words else None
    if tail is not None and _same_style(tail, frag):
        tail.text += char
    else:
        line.words.append(frag.clone(text=char))


def _prepend(line: Any, frag: Any, char: str) -> None:
    head = line.words[0] if line.words else None
    if head is not None and _same_style(head, frag):
        head.text = char + head.text
    else:
        line.words.insert(0, frag.clone(text=char))


def _drop_first(line: Any, frag: Any) -> None:
    frag.text = frag.text[1:]
    if not frag.text:
        line.words.remove(frag)


def _same_style(a: Any, b: Any) -> bool:
    keys = ("fontName", "fontSize", "textColor", "rise", "link", "underline", "strike")
    return all(getattr(a, k, None) == getattr(b, k, None) for k in keys)
