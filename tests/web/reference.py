"""Write reference/<article>.words: the words a reader of the author's site sees, read by
pandoc (an independent reader of Markdown and HTML), for tests/test_web_words.py.

Run from the repository with pandoc on the PATH (made with pandoc 2.17.1.1):

    python tests/web/reference.py

What a site shows but no Markdown reader can know is taken out of the source first: front
matter, template tags and shortcodes ({{< … >}}, {% … %}, {{ … }}), MDX import and export
lines, abbreviations' definitions (shown only as tooltips). Of pandoc's document, the words of text are kept; code, raw HTML (style sheets,
scripts, tags), math and images are not (their words are no prose a reader reads as
such). Plain text is read as it is: a reader sees all of it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

WEB = Path(__file__).parent
OUT = WEB / "reference"
SKIPPED = {"Code", "CodeBlock", "RawBlock", "RawInline", "Math", "Image"}
BLOCKS = {"Para", "Plain", "Header", "CodeBlock", "BlockQuote", "Div", "LineBlock"}
TEMPLATE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
MDX_IMPORT = re.compile(r"^import\s.*$", re.M)
MDX_EXPORT = re.compile(r"^export\s[^\n]*\{\n(?:.*\n)*?\}\s*;?\s*$|^export\s.*$", re.M)
JSX_TAG = re.compile(r"</?[A-Z][\w.]*(?:\s[^<>]*)?/?>")
ABBREVIATION = re.compile(r"^ {0,3}\*\[[^\]]+\]:.*$", re.M)  # a tooltip's text, not shown
TOML = re.compile(r"\A\+\+\+\n.*?\n\+\+\+\n", re.S)


def source_for_pandoc(path: Path) -> tuple[str, str]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    text = re.sub(r"\r+\n?", "\n", text)
    if path.suffix == ".html" and not text.startswith("---"):
        return "html", text
    text = TOML.sub("", text)
    text = TEMPLATE.sub(" ", text)
    text = ABBREVIATION.sub("", text)
    if path.suffix == ".mdx":
        text = MDX_EXPORT.sub("", MDX_IMPORT.sub("", text))
        text = JSX_TAG.sub(" ", text)  # components: <Figure>, <Colors.Red>, <Cite ids={…}/>
    return "markdown", text


def words_of(node, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            words_of(item, out)
    elif isinstance(node, dict):
        kind = node.get("t")
        if kind in SKIPPED:
            return
        if kind == "Str":
            out.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        else:
            if kind in BLOCKS:
                out.append("\n")
            words_of(node.get("c"), out)
            if kind in BLOCKS:
                out.append("\n")


def reference(path: Path) -> str:
    if path.suffix == ".txt":
        text = path.read_bytes().decode("utf-8", errors="replace")
        return " ".join(re.sub(r"[\x00-\x08\x0b-\x1f]", " ", text).split())
    reader, text = source_for_pandoc(path)
    document = subprocess.run(
        ["pandoc", "-f", reader, "-t", "json"], input=text, capture_output=True, text=True, check=True
    ).stdout
    out: list[str] = []
    words_of(json.loads(document)["blocks"], out)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    names = sys.argv[1:] or [p.name for p in sorted(WEB.iterdir()) if p.name[:2].isdigit()]
    for name in names:
        (OUT / f"{name}.words").write_text(reference(WEB / name) + "\n", encoding="utf-8")
        print(name)


if __name__ == "__main__":
    main()
