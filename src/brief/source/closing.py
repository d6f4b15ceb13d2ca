"""Which section closes an article ("Conclusion", "Fazit", "结论"...), in many languages."""

from __future__ import annotations

import re

from brief.source.article import Section

# Headings that close an article; matched at the start of the normalised heading.
CLOSING_HEADINGS = (
    # English
    "conclusion",
    "concluding",
    "in conclusion",
    "wrapping up",
    "wrap-up",
    "wrap up",
    "in summary",
    "summary",
    "summing up",
    "to sum up",
    "final thoughts",
    "final words",
    "closing thoughts",
    "in closing",
    "key takeaways",
    "takeaways",
    "the bottom line",
    "bottom line",
    "outlook",
    "looking ahead",
    # German, French, Spanish, Italian, Portuguese
    "fazit",
    "schlussfolgerung",
    "zusammenfassung",
    "ausblick",
    "schlusswort",
    "en conclusion",
    "pour conclure",
    "synthèse",
    "conclusión",
    "conclusiones",
    "en resumen",
    "conclusione",
    "conclusioni",
    "in sintesi",
    "conclusão",
    "conclusões",
    "em resumo",
    # Russian, Ukrainian, Polish
    "заключение",
    "выводы",
    "вывод",
    "итоги",
    "в заключение",
    "висновки",
    "підсумки",
    "podsumowanie",
    "wnioski",
    # Chinese, Japanese, Korean
    "结论",
    "結論",
    "总结",
    "總結",
    "结语",
    "結語",
    "まとめ",
    "おわりに",
    "결론",
    "맺음말",
    # Arabic, Hebrew, Turkish, Dutch, Scandinavian
    "الخاتمة",
    "خاتمة",
    "الخلاصة",
    "خلاصة",
    "الاستنتاجات",
    "استنتاجات",
    "סיכום",
    "מסקנות",
    "לסיכום",
    "sonuç",
    "sonuçlar",
    "conclusie",
    "conclusies",
    "tot slot",
    "slutsats",
    "slutsatser",
    "sammanfattning",
    "konklusion",
    "avslutning",
    # Hindi, Bengali, Urdu, Persian, Indonesian, Vietnamese, Thai, Swahili, Amharic
    "निष्कर्ष",
    "उपसंहार",
    "উপসংহার",
    "সিদ্ধান্ত",
    "اختتامیہ",
    "نتیجہ",
    "جمع‌بندی",
    "نتیجه‌گیری",
    "نتیجه گیری",
    "kesimpulan",
    "penutup",
    "kết luận",
    "บทสรุป",
    "สรุป",
    "hitimisho",
    "muhtasari",
    "መደምደሚያ",
    "ማጠቃለያ",
)

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[ivxlc]+[.)])\s+", re.IGNORECASE)


def is_closing_heading(heading: str) -> bool:
    """Does this heading name an article's closing section ('Wrapping Up', 'Conclusion'...)?"""
    norm = _NUMBERING.sub("", heading).strip().lower().rstrip(":.：。")
    return any(
        norm == word
        or norm.startswith(word + " ")
        or norm.startswith((word + ":", word + "：", word + "s"))
        or (_unspaced(word) and norm.startswith(word))
        for word in CLOSING_HEADINGS
    )


def _unspaced(word: str) -> bool:
    """Scripts written without spaces (Chinese, Japanese, Thai): a heading may go on after
    the word."""
    return all(
        "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\u0e00" <= char <= "\u0e7f"
        for char in word
    )


def closing_index(sections: list[Section]) -> int | None:
    """The last closing-style section; an opening 'Summary' is a summary, not a conclusion."""
    for index in range(len(sections) - 1, -1, -1):
        if is_closing_heading(sections[index].heading) and (index > 0 or len(sections) == 1):
            return index
    return None
