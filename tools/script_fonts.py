"""Bring in brief's fonts for the world's scripts and write the index that picks them.

    python tools/script_fonts.py --from DIR   # copy the faces from unpacked Debian packages
    python tools/script_fonts.py              # rewrite fonts/scripts.json from fonts/

The faces come from Debian's ``fonts-noto-core`` and ``fonts-noto-extra`` (``apt-get download``
then ``dpkg-deb -x``; DIR is the unpacked ``usr/share/fonts/truetype/noto``). Only a regular
and, where the family has one, a bold face are taken: the rest is synthesised at print time.

The index lists, for every bundled font a fallback may use, the code points it draws as
ranges (``ranges``) and those of them that belong to its own scripts (``own``: a Devanagari
font's danda, not its comma), in the order fonts are tried. A render reads the index (one
small file) instead of the character maps of ninety fonts; ``tests/test_world_scripts.py``
checks it against the fonts.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.unicodedata import script_extension

FONTS = Path(__file__).resolve().parents[1] / "fonts"
INDEX = FONTS / "scripts.json"

# (family file stem, ISO 15924 scripts it is for). The order is the order of preference for a
# character several fonts draw: the scripts of most readers first, then the scripts of fewer,
# then symbols. Unicode's recommended scripts (UAX #31, table 5) and its limited-use scripts
# in living use (table 7), each in a Noto family; Tibetan, Ahom and Nyiakeng Puachue Hmong
# have only a serif Noto family.
SCRIPT_FAMILIES: list[tuple[str, str]] = [
    ("NotoSansDevanagari", "Deva"),
    ("NotoSansBengali", "Beng"),
    ("NotoSansGurmukhi", "Guru"),
    ("NotoSansGujarati", "Gujr"),
    ("NotoSansOriya", "Orya"),
    ("NotoSansTamil", "Taml"),
    ("NotoSansTelugu", "Telu"),
    ("NotoSansKannada", "Knda"),
    ("NotoSansMalayalam", "Mlym"),
    ("NotoSansSinhala", "Sinh"),
    ("NotoSansThai", "Thai"),
    ("NotoSansLao", "Laoo"),
    ("NotoSansKhmer", "Khmr"),
    ("NotoSansMyanmar", "Mymr"),
    ("NotoSerifTibetan", "Tibt"),
    ("NotoSansEthiopic", "Ethi"),
    ("NotoSansArmenian", "Armn"),
    ("NotoSansGeorgian", "Geor"),
    ("NotoSansThaana", "Thaa"),
    ("NotoSansSyriac", "Syrc"),
    ("NotoNaskhArabic", "Arab"),  # bundled before, as the layouts' Arabic
    ("NotoSansArabic", "Arab"),  # the letters of Arabic-script languages Naskh lacks
    ("NotoSerifHebrew", "Hebr"),  # bundled before, as the layouts' Hebrew
    ("NotoSansNKo", "Nkoo"),
    ("NotoSansCherokee", "Cher"),
    ("NotoSansCanadianAboriginal", "Cans"),
    ("NotoSansTifinagh", "Tfng"),
    ("NotoSansMongolian", "Mong"),
    ("NotoSansYi", "Yiii"),
    ("NotoSansVai", "Vaii"),
    ("NotoSansAdlam", "Adlm"),
    ("NotoSansOlChiki", "Olck"),
    ("NotoSansMeeteiMayek", "Mtei"),
    ("NotoSansTaiLe", "Tale"),
    ("NotoSansNewTaiLue", "Talu"),
    ("NotoSansTaiTham", "Lana"),
    ("NotoSansTaiViet", "Tavt"),
    ("NotoSansChakma", "Cakm"),
    ("NotoSansJavanese", "Java"),
    ("NotoSansBalinese", "Bali"),
    ("NotoSansSundanese", "Sund"),
    ("NotoSansBuginese", "Bugi"),
    ("NotoSansBatak", "Batk"),
    ("NotoSansLepcha", "Lepc"),
    ("NotoSansLimbu", "Limb"),
    ("NotoSansCham", "Cham"),
    ("NotoSansKayahLi", "Kali"),
    ("NotoSansSaurashtra", "Saur"),
    ("NotoSansSylotiNagri", "Sylo"),
    ("NotoSansHanifiRohingya", "Rohg"),
    ("NotoSansMandaic", "Mand"),
    ("NotoSansSamaritan", "Samr"),
    ("NotoSansNewa", "Newa"),
    ("NotoSansWancho", "Wcho"),
    ("NotoSerifNyiakengPuachueHmong", "Hmnp"),
    ("NotoSansMiao", "Plrd"),
    ("NotoSansPahawhHmong", "Hmng"),
    ("NotoSansLisu", "Lisu"),
    ("NotoSansBamum", "Bamu"),
    ("NotoSansOsage", "Osge"),
    ("NotoSansMendeKikakui", "Mend"),
    ("NotoSansBassaVah", "Bass"),
    ("NotoSansMedefaidrin", "Medf"),
    ("NotoSansOsmanya", "Osma"),
    ("NotoSansSoraSompeng", "Sora"),
    ("NotoSansWarangCiti", "Wara"),
    ("NotoSansGunjalaGondi", "Gong"),
    ("NotoSansMasaramGondi", "Gonm"),
    ("NotoSerifAhom", "Ahom"),
    ("NotoSansTagalog", "Tglg"),
    ("NotoSansHanunoo", "Hano"),
    ("NotoSansBuhid", "Buhd"),
    ("NotoSansTagbanwa", "Tagb"),
    ("NotoSansRejang", "Rjng"),
    ("NotoSansKhojki", "Khoj"),
    ("NotoSansTirhuta", "Tirh"),
    ("NotoSansModi", "Modi"),
    ("NotoSansSharada", "Shrd"),
    ("NotoSansSiddham", "Sidd"),
    ("NotoSansCoptic", "Copt"),
    ("NotoSansGlagolitic", "Glag"),
    ("NotoSansRunic", "Runr"),
    ("NotoSansOgham", "Ogam"),
    ("NotoSansDeseret", "Dsrt"),
    ("NotoSansShavian", "Shaw"),
    # Scripts of few readers or of the past, which a brief may still quote (all small; the
    # large ones, SignWriting, Tangut, cuneiform and hieroglyphs, are left out, as is a font
    # for the rarest Han characters, of CJK extension B and after (30 MB); the system's
    # fonts are looked in for those):
    ("NotoSansGrantha", "Gran"),
    ("NotoSansMro", "Mroo"),
    ("NotoSansTakri", "Takr"),
    ("NotoSansKhudawadi", "Sind"),
    ("NotoSansMahajani", "Mahj"),
    ("NotoSansKaithi", "Kthi"),
    ("NotoSansPauCinHau", "Pauc"),
    ("NotoSansDuployan", "Dupl"),
    ("NotoSansSoyombo", "Soyo"),
    ("NotoSansZanabazarSquare", "Zanb"),
    ("NotoSansMarchen", "Marc"),
    ("NotoSerifDogra", "Dogr"),
    ("NotoSansNushu", "Nshu"),
    ("NotoSansMultani", "Mult"),
    ("NotoSansElbasan", "Elba"),
    ("NotoSansCaucasianAlbanian", "Aghb"),
    ("NotoSansPhagsPa", "Phag"),
    ("NotoSansBrahmi", "Brah"),
    ("NotoSansKharoshthi", "Khar"),
    ("NotoSansOldItalic", "Ital"),
    ("NotoSansOldTurkic", "Orkh"),
    ("NotoSansOldHungarian", "Hung"),
    ("NotoSansOldPermic", "Perm"),
    ("NotoSansMeroitic", "Merc Mero"),
    ("NotoSansSogdian", "Sogd"),
    ("NotoSansOldSogdian", "Sogo"),
    ("NotoSansManichaean", "Mani"),
    ("NotoSansPsalterPahlavi", "Phlp"),
    ("NotoSansInscriptionalPahlavi", "Phli"),
    ("NotoSansInscriptionalParthian", "Prti"),
    ("NotoSansAvestan", "Avst"),
    ("NotoSansNabataean", "Nbat"),
    ("NotoSansPalmyrene", "Palm"),
    ("NotoSansHatran", "Hatr"),
    ("NotoSansElymaic", "Elym"),
    ("NotoSansOldNorthArabian", "Narb"),
    ("NotoSansOldSouthArabian", "Sarb"),
    ("NotoSansImperialAramaic", "Armi"),
    ("NotoSansPhoenician", "Phnx"),
    ("NotoSansUgaritic", "Ugar"),
    ("NotoSansOldPersian", "Xpeo"),
    ("NotoSansCypriot", "Cprt"),
    ("NotoSansLinearA", "Lina"),
    ("NotoSansLinearB", "Linb"),
    ("NotoSansLycian", "Lyci"),
    ("NotoSansLydian", "Lydi"),
    ("NotoSansCarian", "Cari"),
    ("NotoSansGothic", "Goth"),
    ("NotoSansMayanNumerals", "Zyyy"),
    ("NotoSansIndicSiyaqNumbers", "Zyyy"),
    ("NotoSansMath", "Zmth"),
    ("NotoSansSymbols", "Zsym"),
    ("NotoSansSymbols2", "Zsym"),
]

# Other fonts bundled for the layouts' own fallbacks, tried after the ones above.
OTHER_FONTS: list[tuple[str, str | None, str]] = [
    ("DroidSansFallbackFull.ttf", None, "Hani Hira Kana Bopo"),
    ("NanumGothic.ttf", "NanumGothicBold.ttf", "Hang"),
    ("DejaVuSans.ttf", None, "Zsym"),
    ("Symbola.ttf", None, "Zsym"),
]


def copy_faces(source: Path) -> None:
    for family, _ in SCRIPT_FAMILIES:
        if (FONTS / f"{family}-Regular.ttf").is_file():
            continue  # bundled already
        for face in ("Regular", "Bold"):
            path = source / f"{family}-{face}.ttf"
            if path.is_file():
                shutil.copy2(path, FONTS / path.name)
            elif face == "Regular":
                raise SystemExit(f"{path}: missing")


def ranges(path: Path, scripts: str | None = None) -> list[list[int]]:
    """The code points *path* draws (not a control nor a space), as [first, last] ranges;
    with *scripts*, only those of these scripts (Unicode's Script_Extensions property)."""
    cmap = TTFont(path, lazy=True).getBestCmap() or {}
    codes = sorted(c for c in cmap if c > 0x20 and not 0x7F <= c <= 0xA0)
    if scripts is not None:
        wanted = set(scripts.split())
        codes = [c for c in codes if _owns(wanted, set(script_extension(chr(c))))]
    out: list[list[int]] = []
    for code in codes:
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return out


_CJK = {"Hani", "Hira", "Kana", "Hang", "Bopo"}


def _owns(scripts: set[str], extensions: set[str]) -> bool:
    """Whether a font for *scripts* is the one for a character used by *extensions*: CJK
    punctuation (the ideographic full stop, also Mongolian's and Yi's) is the CJK fonts'."""
    if extensions & _CJK and not scripts & _CJK:
        return False
    return bool(scripts & extensions)


def write_index() -> None:
    fonts = []
    for family, scripts in SCRIPT_FAMILIES:
        bold = FONTS / f"{family}-Bold.ttf"
        fonts.append((f"{family}-Regular.ttf", bold.name if bold.is_file() else None, scripts))
    fonts.extend(OTHER_FONTS)
    entries = [
        {
            "regular": regular,
            "bold": bold,
            "scripts": scripts,
            "ranges": ranges(FONTS / regular),
            "own": ranges(FONTS / regular, scripts),
        }
        for regular, bold, scripts in fonts
    ]
    text = json.dumps({"fonts": entries}, separators=(",", ":"))
    INDEX.write_text(text.replace('{"regular"', '\n{"regular"') + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="unpacked Noto fonts")
    args = parser.parse_args()
    if args.source:
        copy_faces(args.source)
    write_index()
    print(f"{INDEX}: {len(json.loads(INDEX.read_text())['fonts'])} fonts")


if __name__ == "__main__":
    main()
