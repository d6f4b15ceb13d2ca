import pytest

from brief.source.repair import repair_spacing


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        ("Tianjin,China,to participate", "Tianjin, China, to participate"),
        ("Moreover,both countries", "Moreover, both countries"),
        ("the summit.The outcomes", "the summit. The outcomes"),
        ("security,trade,and political", "security, trade, and political"),
        ("Organization.The outcomes", "Organization. The outcomes"),
        ("Really?Yes!It is", "Really? Yes! It is"),
        ("Минск,Пекин.Это так", "Минск, Пекин. Это так"),
        ("(the SCO).The next", "(the SCO). The next"),
        ("mail press@example.org,or call", "mail press@example.org, or call"),
    ],
)
def test_glued_punctuation_gets_a_space(raw: str, repaired: str) -> None:
    assert repair_spacing(raw) == repaired


@pytest.mark.parametrize(
    "text",
    [
        "1,000 troops and 3.5 per cent",
        "the U.S. and the U.K. agreed",
        "e.g.The abbreviation stays",
        "see https://example.org/a,b.Html?x=1,y=2 for details",
        "www.example.org/Path.Name is an address",
        "write to press.office@example.org for copies",
        "version 2.0.Final",
        "Lukashenko’s “attendance” — as ever…",
    ],
)
def test_numbers_abbreviations_addresses_and_typography_stay(text: str) -> None:
    assert repair_spacing(text) == text


def test_repairs_only_insert_spaces() -> None:
    raw = "A,b,c.Def,1,000.Ghi?Jk"
    assert repair_spacing(raw).replace(" ", "") == raw.replace(" ", "")
