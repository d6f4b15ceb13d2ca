"""The document's language, detected when no spec or front matter gives it, and the language
of passages in another script, as screen readers see them (/Lang in the catalog and the
structure tree, dc:language in the metadata)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from brief.source.language import detect_language, passage_language

CORPUS = Path(__file__).resolve().parent / "corpus"


def structure_languages(pdf: Path) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    with pikepdf.open(pdf) as document:

        def walk(element) -> None:
            if isinstance(element, pikepdf.Dictionary):
                if "/S" in element and "/Lang" in element:
                    found.add((str(element.S), str(element.Lang)))
                kids = element.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)

        walk(document.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize(
    ("name", "language"),
    [("russian.txt", "ru"), ("chinese.txt", "zh-Hans"), ("german.md", "de")],
)
def test_an_article_without_a_language_is_tagged_in_its_own(
    rendered, name: str, language: str
) -> None:
    with pikepdf.open(rendered(name)) as pdf:
        assert str(pdf.Root.Lang) == language
        assert f"<rdf:li>{language}</rdf:li>" in str(pdf.open_metadata())


def test_passages_in_another_script_carry_their_language(rendered) -> None:
    pdf_path = rendered("multilingual.md")
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.Root.Lang) == "en"
    assert {("/P", "ar"), ("/P", "he"), ("/P", "ru")} <= structure_languages(pdf_path)


def test_detection_is_sure_or_silent() -> None:
    assert detect_language("Short") is None
    assert detect_language(
        "白俄羅斯總統盧卡申科抵達天津出席上海合作組織峰會。雙方討論了貿易。"
    ) == ("zh-Hant")
    assert passage_language("The summit was attended by many leaders.", "en") is None
    assert passage_language("Саммит посетили многие лидеры региона и гости.", "en") == "ru"


# One sentence each (two for Dutch, which one sentence leaves unsure), in languages brief
# typesets, none of them from the article corpus.
SENTENCES = {
    "fr": (
        "Le sommet a réuni les dirigeants de la région pour discuter du commerce et de la sécurité."
    ),
    "de": (
        "Der Gipfel brachte die Staats- und Regierungschefs der Region "
        "zusammen, um über Handel zu sprechen."
    ),
    "es": "La cumbre reunió a los líderes de la región para debatir sobre comercio y seguridad.",
    "it": "Il vertice ha riunito i leader della regione per discutere di commercio e sicurezza.",
    "pt": "A cimeira reuniu os líderes da região para discutir o comércio e a segurança.",
    "nl": (
        "De top bracht de leiders van de regio samen om over handel en "
        "veiligheid te praten. Het land wil meer samenwerken met zijn buren op "
        "het gebied van energie."
    ),
    "pl": "Szczyt zgromadził przywódców regionu, aby omówić handel i bezpieczeństwo.",
    "ru": "Саммит собрал лидеров региона для обсуждения торговли и безопасности.",
    "uk": "Саміт зібрав лідерів регіону для обговорення торгівлі та безпеки.",
    "ar": "جمعت القمة قادة المنطقة لمناقشة التجارة والأمن والتعاون الاقتصادي.",
    "fa": "این نشست رهبران منطقه را برای گفتگو درباره تجارت و امنیت گرد هم آورد.",
    "he": "הפסגה כינסה את מנהיגי האזור כדי לדון בסחר ובביטחון.",
    "tr": "Zirve, ticaret ve güvenliği görüşmek üzere bölge liderlerini bir araya getirdi.",
    "el": "Η σύνοδος κορυφής συγκέντρωσε τους ηγέτες της περιοχής για να συζητήσουν το εμπόριο.",
    "sv": "Toppmötet samlade regionens ledare för att diskutera handel och säkerhet.",
    "cs": "Summit shromáždil představitele regionu, aby jednali o obchodu a bezpečnosti.",
    "ja": "首脳会議には地域の指導者が集まり、貿易と安全保障について話し合った。",
    "ko": "정상회의에는 지역 지도자들이 모여 무역과 안보에 대해 논의했다.",
    "zh-Hans": "峰会汇集了该地区的领导人，讨论贸易和安全问题，这对国家发展很重要。",
    "hi": "शिखर सम्मेलन में क्षेत्र के नेताओं ने व्यापार और सुरक्षा पर चर्चा की।",
    "vi": (
        "Hội nghị thượng đỉnh quy tụ các nhà lãnh đạo khu vực để thảo luận về "
        "thương mại và an ninh."
    ),
    "en": "The summit brought together the leaders of the region to discuss trade and security.",
}


@pytest.mark.parametrize(("language", "text"), sorted(SENTENCES.items()))
def test_each_language_is_told_from_one_sentence(language: str, text: str) -> None:
    assert detect_language(text) == language


def test_a_language_brief_does_not_typeset_is_not_guessed() -> None:
    # Swahili: the model knows it, brief has no words, fonts or hyphenation for it.
    assert (
        detect_language(
            "Mkutano huo uliwaleta pamoja viongozi wa kanda kujadili biashara na usalama."
        )
        is None
    )


def test_detection_reads_the_text_as_one_line() -> None:
    # fastText stops at a newline: the second line must count.
    assert (
        detect_language("1.\nСаммит собрал лидеров региона для обсуждения торговли и безопасности.")
        == "ru"
    )
