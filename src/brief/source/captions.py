"""An author's own captions and table notes ("Table 1: ...", "Source: ..."), joined to the
table or figure they belong to, and a first paragraph that reads as a title."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from brief.source.article import Image, Paragraph, Table

# "Source: ..." under a table, in the languages brief speaks (and a few near them).
TABLE_NOTE = re.compile(
    r"^(sources?|notes?|quellen?|anmerkungen?|fuentes?|fontes?|notas?|nota|bron(nen)?|"
    r"źródło|źródła|uwaga|джерело|джерела|примітка|источник|источники|примечание|kaynak|"
    r"kaynaklar|not|källa|kilde|المصدر|المصادر|مصدر|ملاحظة|מקור|מקורות|הערה|来源|來源|"
    r"资料来源|資料來源|注|出典|出所|출처|주)\s*[:：]\s*\S",
    re.IGNORECASE,
)


# An author's own caption line: "Table 1: ...", "**Figure 5. ...**", "Abbildung 2 – ...".
_CAPTION = re.compile(
    r"^(?P<label>Table|Tab\.|Figure|Fig\.|Chart|Graph|Exhibit|Map|Tableau|Tabelle|Tabla|"
    r"Tabella|Tabel|Tabela|Abbildung|Abb\.|Grafik|Gráfico|Grafico|Graphique|Figura|Rysunek|"
    r"Wykres|Таблица|Табл\.|Рисунок|Рис\.|График|Таблиця|Рисунок|Şekil|Tablo|表|图|圖|"
    r"جدول|شكل|טבלה|איור)\s*(?P<number>\d+(?:\.\d+)?)\s*(?:[:.：–—-]\s*|\s+)(?P<text>\S.*)$",
    re.IGNORECASE,
)
_TABLE_LABELS = {
    "table",
    "tab.",
    "tableau",
    "tabelle",
    "tabla",
    "tabella",
    "tabel",
    "tabela",
    "таблица",
    "табл.",
    "таблиця",
    "tablo",
    "表",
    "جدول",
    "טבלה",
    "exhibit",
    "chart",
}


def caption_of(text: str) -> tuple[str, str] | None:
    """(label, caption text) when *text* is a caption line; emphasis marks around it, even
    unbalanced ones the Markdown parser left as text, are not part of it."""
    bare = text.strip().strip("*_").strip()
    match = _CAPTION.match(bare)
    if match is None or len(bare.split()) > 60:
        return None
    return match.group("label").lower(), match.group("text").strip().strip("*_").strip()


def adopt_captions(stream: list[Any]) -> list[Any]:
    """A caption line right before or after a table or image becomes its caption, so it is
    printed once, with its table or figure, and never parted from it."""
    out = list(stream)
    taken: set[int] = set()
    for index, item in enumerate(out):
        if not isinstance(item, Table | Image) or getattr(item, "caption", None):
            continue
        wants_table = isinstance(item, Table)
        order = (index - 1, index + 1) if wants_table else (index + 1, index - 1)
        for near in order:
            if near < 0 or near >= len(out) or near in taken:
                continue
            candidate = out[near]
            found = caption_of(candidate.text) if isinstance(candidate, Paragraph) else None
            if found is None:
                continue
            label, text = found
            if (label in _TABLE_LABELS) != wants_table and label not in {"exhibit", "chart"}:
                continue
            out[index] = replace(item, caption=text)
            taken.add(near)
            break
    return [item for index, item in enumerate(out) if index not in taken]


def title_like(paragraph: Paragraph) -> bool:
    """A first paragraph that reads as a title: short, one line, no sentence punctuation at
    its end, no link, not a byline or a caption."""
    text = paragraph.text.strip()
    return (
        0 < len(text.split()) <= 15
        and "\n" not in text
        and not text.endswith((".", ",", ";", ":", "!", "?", "。", "：", "…"))
        and not any(span.href for span in paragraph.spans)
        and not re.match(r"(by|par|von|por|di|door|от|автор)\s", text, re.IGNORECASE)
        and caption_of(text) is None
    )


def attach_table_notes(stream: list[Any]) -> list[Any]:
    """A 'Source: ...' or 'Note: ...' paragraph right after a table becomes the table's note."""
    out: list[Any] = []
    for item in stream:
        previous = out[-1] if out else None
        if (
            isinstance(item, Paragraph)
            and isinstance(previous, Table)
            and previous.note is None
            and TABLE_NOTE.match(item.text)
        ):
            out[-1] = replace(previous, note=item.text)
        else:
            out.append(item)
    return out
