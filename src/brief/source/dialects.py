"""The syntax of site generators in an article's source, read for what it means.

Posts kept in a site's repository are written for its generator: Hugo shortcodes
(``{{< figure src="a.png" caption="…" >}}``, paired ``{{< note >}}…{{< /note >}}``), Liquid
tags and output in Jekyll and Eleventy (``{% include … %}``, ``{% image "a.png" "alt" %}``,
``{{ "/2015/06/09/post/" | url }}``, ``{{ site.baseurl }}``), MkDocs admonitions
(``!!! warning "Title"`` over an indented body), pandoc's fenced divs (``::: note``) and
Markdown comment lines (``[comment]: <> (…)``). Printed as they are, they put source code in
a brief. This pass, run on the article's lines before Markdown is parsed, turns each into
the Markdown it stands for: a figure into an image with its caption, an embed into a link,
a paired shortcode or a Liquid block into its content, a URL filter into its address; what
has no meaning outside the site (includes, unknown shortcodes, template output) is dropped.
Each construct is noted once at its line, for a warning.

Lines are never added or removed (a construct's lines are blanked), so every line number
stays the author's. Fenced code blocks and inline code are left exactly as written.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from brief.source.callouts import callout_kind, marker_line
from brief.source.frontmatter import balanced_end
from brief.source.math import Macros

# {{< name args >}}, {{% name args %}}, {{< /name >}}, {{< name args />}}
# Each pattern takes a construct's inside in one run of characters it cannot hold, and the
# parts are found in code: nested optional spaces over the same characters made the search
# cubic ("{{" and six thousand spaces took minutes).
_SHORTCODE = re.compile(r"\{\{[<%](?P<body>[^{}<>%]*)[>%]\}\}")
_SHORTCODE_BODY = re.compile(r"(?P<close>/)?(?P<name>[A-Za-z][\w.-]*)(?P<args>.*)", re.DOTALL)
# {% name args %} and {%- … -%}
_LIQUID_TAG = re.compile(r"\{%(?P<body>(?:[^%{}]|%(?!\}))*)%\}")
_LIQUID_BODY = re.compile(r"(?P<name>[A-Za-z_]\w*)(?P<args>.*)", re.DOTALL)
# {{ expression }} (Liquid and Nunjucks output)
_LIQUID_OUTPUT = re.compile(r"\{\{(?P<expr>[^{}]*)\}\}")
# Longer lines are left as they are: no construct of a site generator is that long.
_LONGEST_LINE = 5_000
_URL_FILTERS = {"url", "relative_url", "absolute_url", "prepend: site.baseurl", "baseurl"}
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ADMONITION = re.compile(
    r'^(?P<indent> {0,3})(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$'
)
_FENCED_DIV = re.compile(r"^ {0,3}:{3,}\s*(?P<rest>.*?)\s*:*\s*$")
_COMMENT_LINE = re.compile(r"^ {0,3}\[(?:comment|//|_|\s*)\]:\s*(?:<>|#)(?:\s.*)?$", re.I)
_SEVEN_HASHES = re.compile(r"^ {0,3}#{7,}\s+(?P<text>.*)$")
# MDX's module lines: "import Figure from '@site/…'", "export const meta = …".
_ESM = re.compile(
    r"^(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?[\"'][^\"']+[\"'];?|export\s+(?:const|let|default|function)\b.*)$"
)
# Display math an author put in backticks so that the site's Markdown leaves it alone
# (blogdown): "`$$" … "$$`" over lines, or "`$$ … $$`" on one.
_TICKED_OPEN = re.compile(r"^(?P<indent>\s*)`\$\$(?P<rest>.*)$")
_TICKED_CLOSE = re.compile(r"^(?P<rest>.*)\$\$`\s*$")
_DISPLAY_FENCE = re.compile(r"^\s*\$\$\s*$")
_ONE_LINE_DISPLAY = re.compile(r"^\s*\$\$(?P<tex>.+)\$\$\s*$")
# Markdown Extra's and MkDocs' abbreviations: "*[HTML]: Hyper Text Markup Language".
_ABBREVIATION = re.compile(r"^ {0,3}\*\[[^\]]+\]:\s")
# How many lines a shortcode or tag may span before it counts as not closed.
_MOST_LINES = 30

# Shortcodes that stand for a picture, and the argument names their parts go by.
_FIGURES = {"figure", "img", "image", "picture", "photo", "resize", "imgproc"}
# An address that names a picture: a shortcode of the site's own with one is a figure.
_PICTURE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif)(?:[?#].*)?$", re.IGNORECASE)
# Shortcodes that embed something from another site: shown as a link to it.
_EMBEDS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
    "tweet": "https://twitter.com/i/status/{}",
    "twitter": "https://twitter.com/i/status/{}",
    "x": "https://x.com/i/status/{}",
    "gist": "https://gist.github.com/{}",
    "instagram": "https://www.instagram.com/p/{}",
}
# Paired shortcodes and blocks whose content is the author's text: callouts and the like.
_CALLOUTS = {"note", "warning", "tip", "alert", "callout", "admonition", "hint", "info",
             "important", "caution", "danger", "notice", "aside", "details", "expand",
             "quote", "highlight", "center", "box", "panel", "columns", "column", "tab",
             "tabs", "summary", "collapse", "spoiler"}  # fmt: skip


@dataclass
class Resolved:
    """The article's lines with the site syntax resolved, and what was done, by line."""

    lines: list[str]
    notes: list[tuple[int, str]] = field(default_factory=list)


def resolve_site_syntax(lines: list[str]) -> Resolved:
    """*lines* (the article's, front matter already blanked) with every construct of a
    site generator resolved; see the module's description."""
    out = list(lines)
    notes: list[tuple[int, str]] = []
    noted: set[tuple[int, str]] = set()

    def note(index: int, message: str) -> None:
        if (index, message) not in noted:
            noted.add((index, message))
            notes.append((index + 1, message))

    fence: str | None = None
    skip_until: str | None = None  # a Liquid comment's end
    # Fenced divs and paired shortcodes open above this line: the shortcode's name (None for
    # a div) and whether it is a callout, whose lines become a quote in GitHub's form.
    boxes: list[tuple[str | None, bool]] = []
    depth: dict[int, int] = {}  # line index -> how many callouts hold it
    macros = Macros({})
    index = 0
    while index < len(out):
        depth[index] = sum(callout for _, callout in boxes)
        line = out[index]
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            index += 1
            continue
        if skip_until is not None:
            if skip_until in line:
                out[index] = line.split(skip_until, 1)[1].split("%}", 1)[-1]
                skip_until = None
            else:
                out[index] = ""
            index += 1
            continue
        if opening:
            fence = opening.group(1)
            index += 1
            continue
        if "$$" in line and (after := _display_math(out, index, macros, note)) is not None:
            index = after
            continue
        if macros.bodies and "\\" in line:
            out[index] = line = macros.expand(line)
        if _COMMENT_LINE.match(line):
            out[index] = ""
            note(index, "a Markdown comment line is not printed")
            index += 1
            continue
        if _ABBREVIATION.match(line):
            out[index] = ""
            note(index, "an abbreviation's definition is not printed (it explains a term on hover)")
            index += 1
            continue
        if _ESM.match(line):
            end = balanced_end(out, index, _MOST_LINES * 10) or index  # an object over lines
            for blanked in range(index, end + 1):
                out[blanked] = ""
            note(index, "an MDX import or export line is not printed")
            index = end + 1
            continue
        if (last := _unclosed(out, index)) is not None:  # a construct over several lines
            out[index] = " ".join(part.strip() for part in out[index : last + 1])
            for blanked in range(index + 1, last + 1):
                out[blanked] = ""
            line = out[index]
        if (heading := _SEVEN_HASHES.match(line)) is not None:
            out[index] = heading.group("text")
            note(index, "a heading of seven or more '#' is printed as text")
            index += 1
            continue
        if (admonition := _ADMONITION.match(line)) is not None:
            end, outer = _admonition(out, index, admonition, note), depth[index]
            for inside in range(index, end):
                depth[inside] = outer + 1
            index = end
            continue
        opens_div = (div := _FENCED_DIV.match(line)) is not None and bool(div.group("rest"))
        closes = div is not None and not opens_div and any(n is None for n, _ in boxes)
        if opens_div or (paired := _paired_shortcode(out, index)) is not None:
            name, title = (None, None) if opens_div else paired  # type: ignore[misc]
            kind, title = (
                _div_kind(div.group("rest"))
                if opens_div and div is not None
                else (callout_kind(name or ""), title)
            )
            boxes.append((name, kind is not None))
            out[index] = marker_line(kind, title) if kind is not None else ""
            depth[index] += kind is not None
            what = "a pandoc fenced div" if opens_div else f"the Hugo shortcode '{name}'"
            done = "is printed as a box" if kind else "is printed as its content"
            note(index, f"{what} {done}")
            index += 1
            continue
        closing = _SHORTCODE_CLOSE.match(line)
        if closes:
            while boxes and boxes.pop()[0] is not None:
                pass  # shortcodes left open inside the div end with it
        elif closing and boxes and boxes[-1][0] == closing.group("name").lower():
            boxes.pop()
        if closes or closing:
            out[index] = ""
            depth[index] = sum(callout for _, callout in boxes)
            index += 1
            continue
        out[index], skip_until = _inline_constructs(line, index, note)
        index += 1
    for inside, count in depth.items():
        if count:
            text = out[inside]
            out[inside] = ("> " * count + text).rstrip() if text.strip() else ">" * count
    return Resolved(out, notes)


# A paired shortcode alone on its line, opening or closing: "{{< note title="x" >}}".
_SHORTCODE_LINE = re.compile(
    r"^\s*\{\{[<%]\s*(?P<name>[A-Za-z][\w-]*)(?P<args>[^{}<>%]*)[>%]\}\}\s*$"
)
_SHORTCODE_CLOSE = re.compile(r"^\s*\{\{[<%]\s*/\s*(?P<name>[A-Za-z][\w-]*)\s*[>%]\}\}\s*$")


def _paired_shortcode(lines: list[str], index: int) -> tuple[str, str | None] | None:
    """A callout shortcode alone on line *index* whose closing tag stands alone on a later
    line: its name and title."""
    match = _SHORTCODE_LINE.match(lines[index])
    if match is None or callout_kind(match.group("name")) is None:
        return None
    name = match.group("name").lower()
    for later in range(index + 1, min(len(lines), index + 500)):
        closing = _SHORTCODE_CLOSE.match(lines[later])
        if closing is not None and closing.group("name").lower() == name:
            _, named = _arguments(match.group("args"))
            return name, named.get("title") or named.get("heading")
    return None


def _div_kind(rest: str) -> tuple[str | None, str | None]:
    """The callout kind and title a fenced div's attributes give (``::: note``,
    ``::: {.callout-tip title="Why"}``), or (None, None) for a div that is no box."""
    title = re.search(r"""title\s*=\s*(["'])(.*?)\1""", rest)
    words = re.sub(r"""\w+\s*=\s*(["']).*?\1|[{}.#]""", " ", rest).split()
    kind = next((callout_kind(w) for w in words if callout_kind(w)), None)
    return kind, (title.group(2) if title and kind else None)


def _display_math(lines: list[str], index: int, macros: Macros, note: Any) -> int | None:
    """Display math from line *index*: unticked where the author hid it in backticks, and
    dropped where it only defines macros (which the formulas after it then use). Returns
    the index after it, or None when the line starts no display math."""
    ticked = _TICKED_OPEN.match(lines[index])
    if ticked is not None and not ticked.group("rest").rstrip().endswith("$$`"):
        lines[index] = f"{ticked.group('indent')}$${ticked.group('rest')}"
        for end in range(index + 1, min(len(lines), index + 200)):
            if (closing := _TICKED_CLOSE.match(lines[end])) is not None:
                lines[end] = f"{closing.group('rest')}$$"
                break
    elif ticked is not None:
        lines[index] = lines[index].replace("`$$", "$$", 1)[::-1].replace("`$$", "$$", 1)[::-1]
    one_line = _ONE_LINE_DISPLAY.match(lines[index])
    if one_line is not None:
        if macros.define(one_line.group("tex")):
            lines[index] = ""
            note(index, "TeX macro definitions are applied to the formulas that use them")
        elif macros.bodies:
            lines[index] = macros.expand(lines[index])
        return index + 1
    if not _DISPLAY_FENCE.match(lines[index]):
        return None
    closing_line = next(
        (e for e in range(index + 1, min(len(lines), index + 200)) if "$$" in lines[e]), None
    )
    if closing_line is None:
        return None
    body = "\n".join(lines[index + 1 : closing_line]) + lines[closing_line].split("$$", 1)[0]
    if macros.define(body):
        for blanked in range(index, closing_line + 1):
            lines[blanked] = ""
        note(index, "TeX macro definitions are applied to the formulas that use them")
    elif macros.bodies:
        for expanded in range(index + 1, closing_line + 1):
            lines[expanded] = macros.expand(lines[expanded])
    return closing_line + 1


def _unclosed(lines: list[str], index: int) -> int | None:
    """The line that closes a shortcode or Liquid tag opened on line *index* and left open
    there (``{{< image-subtitle`` … ``>}}``), if one does within :data:`_MOST_LINES`."""
    line = lines[index]
    for opening, closing in (("{{<", ">}}"), ("{{%", "%}}"), ("{%", "%}"), ("{{", "}}")):
        start = line.rfind(opening)
        if start >= 0 and closing not in line[start:]:
            for end in range(index + 1, min(len(lines), index + _MOST_LINES)):
                if closing in lines[end]:
                    return end
                if not lines[end].strip():
                    return None
    return None


def _admonition(lines: list[str], index: int, match: re.Match[str], note: Any) -> int:
    """MkDocs' ``!!! kind "Title"`` over a body indented four spaces: a callout of the
    kind, its body the author's blocks, unindented. Returns the index after the body."""
    name, title = match.group("kind"), match.group("title")
    kind = callout_kind(name) or "note"
    if title is None and callout_kind(name) is None:
        title = name.replace("-", " ").replace("_", " ").capitalize()  # as MkDocs shows it
    lines[index] = marker_line(kind, title if title else None)
    if title == "":  # '!!! note ""': a box without a title
        lines[index] = marker_line(kind, None)
    note(index, f"an admonition ({name}) is printed as a box")
    body = index + 1
    while body < len(lines) and (not lines[body].strip() or lines[body].startswith("    ")):
        lines[body] = lines[body][4:] if lines[body].startswith("    ") else lines[body]
        body += 1
    while body > index + 1 and not lines[body - 1].strip():
        body -= 1  # blank lines after the body are outside the box
    return body


# An MDX element's JavaScript attribute: style={{color: 'red'}}, ids={['a', 'b']}; only
# inside a tag (a ">" comes before any "<").
_JSX_ATTRIBUTE = re.compile(r"\s[\w:.-]+=(?:\{\{[^{}]*\}\}|\{[^{}]*\})(?=[^<]*>)")


# pandoc's attributes after an image, a link or a bracketed span: ![](a.png){fig-alt="…"
# width=50%}, [text]{.smallcaps}
_ATTRIBUTES = re.compile(
    r"(?P<image>!)?\[(?P<text>[^\[\]]*)\](?P<target>\([^()\s]*(?:\s+\"[^\"]*\")?\))?"
    r"\{(?P<attributes>[^{}]*)\}"
)


def _attributes(found: re.Match[str], index: int, note: Any) -> str:
    """An image or link without its attributes (an image's fig-alt is its description); a
    bracketed span as its text."""
    text, target = found.group("text"), found.group("target")
    if target is None:
        if found.group("image"):
            return found.group(0)
        note(index, "a pandoc span's attributes are not printed")
        return text
    if found.group("image") and not text.strip():
        described = re.search(r"""fig-alt\s*=\s*(["'])(.*?)\1""", found.group("attributes"))
        if described:
            text = described.group(2).replace("[", "(").replace("]", ")")
    note(index, "pandoc attributes ({…}) after an image or link are not printed")
    return f"{found.group('image') or ''}[{text}]{target}"


# A shortcode's quoted argument holding HTML: caption="RDF <span style=…>subject</span>".
_QUOTED_IN_SHORTCODE = re.compile(r'(?<==)"[^"\n]{0,2000}"')
_HTML_TAG = re.compile(r"<[^<>]{0,500}>")


def _without_tags(found: re.Match[str]) -> str:
    """A quoted argument without its HTML tags, which the shortcode's pattern cannot hold."""
    return _HTML_TAG.sub("", found.group(0))


def _inline_constructs(line: str, index: int, note: Any) -> tuple[str, str | None]:
    """*line* with shortcodes and Liquid resolved outside its inline code; and the end of a
    Liquid comment that continues on the next lines, if one starts here."""
    if len(line) > _LONGEST_LINE or not (
        "{{" in line or "{%" in line or "={" in line or "){" in line or "]{" in line
    ):
        return line, None
    pieces = re.split(r"(`+[^`]*`+)", line)
    skip: str | None = None
    for position, piece in enumerate(pieces):
        if position % 2 or skip is not None:
            if skip is not None and position % 2 == 0:
                pieces[position] = ""
            continue
        if "={" in piece:
            piece = _JSX_ATTRIBUTE.sub("", piece)
        if "){" in piece or "]{" in piece:
            piece = _ATTRIBUTES.sub(lambda m: _attributes(m, index, note), piece)
        if "{{<" in piece and "<" in piece.replace("{{<", ""):
            piece = _QUOTED_IN_SHORTCODE.sub(_without_tags, piece)
        piece = _SHORTCODE.sub(lambda m: _shortcode(m, index, note), piece)
        piece, skip = _liquid_tags(piece, index, note)
        piece = _LIQUID_OUTPUT.sub(lambda m: _liquid_output(m, index, note), piece)
        pieces[position] = piece
    text = "".join(pieces)
    if skip is None and line.strip() and not text.strip():
        return "", None  # a line that held only site syntax: a blank line, not a paragraph
    return text, skip


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's or tag's arguments: positional ones and ``name="value"`` ones."""
    try:
        words = shlex.split(text, posix=True)
    except ValueError:
        words = text.split()
    positional, named = [], {}
    for word in words:
        name, equals, value = word.partition("=")
        if equals and re.fullmatch(r"[\w-]+", name):
            named[name.lower()] = value
        else:
            positional.append(word)
    return positional, named


def _image(source: str, description: str) -> str:
    description = " ".join(description.replace("[", "(").replace("]", ")").split())
    return f"![{description}]({source.replace(' ', '%20').replace(')', '%29')})"


def _shortcode(found: re.Match[str], index: int, note: Any) -> str:
    match = _SHORTCODE_BODY.match(found.group("body").strip().rstrip("/").strip())
    if match is None:
        return found.group(0)
    name = match.group("name").lower()
    if match.group("close"):
        return ""  # a paired shortcode's end: its content was kept
    positional, named = _arguments(match.group("args"))
    if name in _FIGURES or _PICTURE.search(named.get("src", "")):
        source = named.get("src") or (positional[0] if positional else "")
        description = (
            named.get("caption") or named.get("alt") or named.get("title")
            or (positional[1] if len(positional) > 1 else "")
        )  # fmt: skip
        note(index, f"the Hugo shortcode '{name}' is shown as an image")
        return _image(source, description) if source else description
    if name in _EMBEDS:
        ident = named.get("id") or (positional[0] if positional else "")
        note(index, f"the Hugo shortcode '{name}' is shown as a link")
        address = (
            ident if ident.startswith(("http://", "https://")) else _EMBEDS[name].format(ident)
        )
        title = named.get("title") or f"{name.capitalize()}: {ident}"
        return f"[{title}]({address})" if ident else ""
    if name in ("ref", "relref"):
        return positional[0] if positional else ""
    if name in _CALLOUTS:
        note(index, f"the Hugo shortcode '{name}' is printed as its content")
        given = named.get("title")
        return f"**{given}:** " if given else ""
    note(index, f"the Hugo shortcode '{name}' is not printed (it means nothing outside the site)")
    return ""


# Liquid block tags whose content is the author's text: their tags go, their content stays.
_KEPT_BLOCKS = {"if", "elsif", "else", "endif", "unless", "endunless", "for", "endfor",
                "capture", "endcapture", "case", "when", "endcase", "raw", "endraw",
                "markdown", "endmarkdown", "callout", "endcallout", "note", "endnote"}  # fmt: skip


def _liquid_tags(text: str, index: int, note: Any) -> tuple[str, str | None]:
    skip: str | None = None
    pieces: list[str] = []
    position = 0
    for found in _LIQUID_TAG.finditer(text):
        match = _LIQUID_BODY.match(found.group("body").strip().strip("-").strip())
        if match is None:
            continue
        pieces.append(text[position : found.start()])
        position = found.end()
        name = match.group("name").lower()
        positional, named = _arguments(match.group("args"))
        if name == "comment":
            end = text.find("endcomment", position)
            if end < 0:
                skip = "endcomment"
                position = len(text)
                break
            position = text.find("%}", end) + 2
            note(index, "a Liquid comment is not printed")
            continue
        if name in ("image", "img", "figure", "picture", "responsive_image"):
            source = named.get("src") or named.get("path") or (positional[0] if positional else "")
            description = (
                named.get("alt")
                or named.get("caption")
                or (positional[1] if len(positional) > 1 else "")
            )
            note(index, f"the Liquid tag '{name}' is shown as an image")
            pieces.append(_image(source, description) if source else "")
            continue
        if name in _KEPT_BLOCKS or name.startswith("end"):
            continue
        note(index, f"the Liquid tag '{name}' is not printed (it means nothing outside the site)")
    pieces.append(text[position:])
    return "".join(pieces), skip


def _liquid_output(match: re.Match[str], index: int, note: Any) -> str:
    """``{{ "/x/" | url }}`` is the address /x/; ``{{ site.baseurl }}`` and the like are the
    site's own address, which a brief does not have: nothing."""
    expression = match.group("expr").strip().strip("-").strip()
    value, *filters = (part.strip() for part in expression.split("|"))
    literal = re.fullmatch(r"""(["'])(.*)\1""", value)
    if literal and all(
        f.split(":")[0].strip() in _URL_FILTERS or f in _URL_FILTERS for f in filters
    ):
        return literal.group(2)
    if re.fullmatch(r"site\.(baseurl|base_url|url)", value):  # part of an address
        return ""
    note(index, "template output ({{ … }}) is not printed")
    return ""
