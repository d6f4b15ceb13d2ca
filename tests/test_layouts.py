"""Layouts: lookup on the search path, overrides, and errors in style files and templates."""

from __future__ import annotations

import os
from pathlib import Path

from tests.readers import rasterise

from .conftest import child_layout, pdf_pages_text


def test_unknown_layout_lists_the_available_ones(project: Path, run) -> None:
    child_layout(project, "house", "")
    result = run("render", "--layout", "fancy")
    assert result.exit_code == 1
    assert result.stderr == (
        "unknown layout 'fancy'; available layouts: default, house, report, summary\n"
    )


def test_project_layout_overrides_a_colour_and_a_block(project: Path, run) -> None:
    child_layout(
        project,
        "house",
        '[colors]\nprimary = "#0f5257"\n',
        '{% extends "default/brief.xml.j2" %}\n'
        '{% from "blocks.xml.j2" import render_block %}\n'
        '{% block conclusion %}<heading level="1">Our verdict</heading>\n'
        "{% for block in brief.conclusion.blocks %}{{ render_block(block) }}{% endfor %}"
        "{% endblock %}\n",
    )
    result = run("render", "--layout", "house", "-o", "house")
    assert result.exit_code == 0, result.output
    pdf = project / "house" / "belarus-sco-tianjin.pdf"
    text = " ".join(pdf_pages_text(pdf))
    assert "Our verdict" in text and "\nConclusion\n" not in text

    image = rasterise(pdf)
    assert image.getpixel((5, 5)) == (0x0F, 0x52, 0x57)


def test_template_syntax_error_names_file_and_line(project: Path, run) -> None:
    folder = child_layout(project, "broken", "", "<story>\n<p>{{ brief.title }</p>\n</story>\n")
    result = run("check", "--layout", "broken")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{folder.relative_to(project)}/brief.xml.j2:2: template error: "
    )


def test_undefined_variable_names_file_and_line(project: Path, run) -> None:
    child_layout(project, "typo", "", "<story>\n\n<p>{{ brief.titel }}</p>\n</story>\n")
    result = run("check", "--layout", "typo")
    assert result.exit_code == 1
    assert result.stderr == (
        "layouts/typo/brief.xml.j2:3: template error: no field 'titel' here; "
        "did you mean 'title'?\n"
    )


def test_unknown_story_element(project: Path, run) -> None:
    child_layout(project, "odd", "", "<story><marquee/></story>")
    result = run("check", "--layout", "odd")
    assert result.stderr == "layouts/odd/brief.xml.j2: unknown story element <marquee>\n"


def test_invalid_style_file_reports_every_key(project: Path, run) -> None:
    child_layout(
        project,
        "bad",
        '[page]\nsize = "A5"\nmargin_top = "2 furlongs"\n'
        '[paragraphs.body]\ncolor = "not-a-colour!"\nfont = "comic"\n[colors]\nink = "reddish"\n',
    )
    result = run("check", "--layout", "bad")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "layouts/bad/style.toml:page.size: input should be 'A4' or 'Letter', got string 'A5'",
        "layouts/bad/style.toml:page.margin_top: must be a length such as 12, '20mm' or '1in', "
        "got string '2 furlongs'",
        "layouts/bad/style.toml:paragraphs.body.color: must be a colour: "
        "'#1f3a5f', '#fff' or a colour name, got string 'not-a-colour!'",
    ]


def test_unknown_colour_and_font_names(project: Path, run) -> None:
    child_layout(project, "names", '[paragraphs.body]\ncolor = "inky"\nfont = "comic"\n')
    result = run("check", "--layout", "names")
    assert result.stderr.splitlines() == [
        "layouts/names/style.toml:paragraphs.body.color: unknown colour 'inky' (not in [colors] "
        "nor a CSS name)",
        "layouts/names/style.toml:paragraphs.body.font: unknown font family 'comic' (defined: "
        "arabic, cjk, emoji, hebrew, korean, mono, sans, serif, symbols)",
    ]


def test_missing_font_file(project: Path, run) -> None:
    child_layout(project, "nofont", '[fonts.serif]\nregular = "Gone.ttf"\n')
    result = run("check", "--layout", "nofont")
    assert result.stderr == (
        "layouts/nofont/style.toml:fonts.serif.regular: font file "
        "'Gone.ttf' not found in the layout or the bundled fonts\n"
    )


def layout_with_font(project: Path, name: str, file: str, data: bytes) -> None:
    """A layout whose serif regular face is *file*, holding *data*."""
    style = f'[fonts.serif]\nregular = "{file}"\n'
    (child_layout(project, name, style) / file).write_bytes(data)


def test_a_font_file_that_is_not_truetype(project: Path, run) -> None:
    layout_with_font(project, "badfont", "Fake.ttf", b"OTTO" + bytes(200))  # PostScript
    result = run("check", "--layout", "badfont")
    assert result.exit_code == 1
    assert result.stderr == (
        "layouts/badfont/style.toml:fonts.serif.regular: cannot use font 'Fake.ttf': "
        "PostScript (CFF) outlines; brief embeds TrueType fonts\n"
    )


def test_a_damaged_font_file_is_named_when_it_is_read(project: Path, run) -> None:
    layout_with_font(project, "damaged", "Damaged.ttf", b"\x00\x01\x00\x00" + bytes(20))
    result = run("render", "--layout", "damaged")
    assert result.exit_code == 1
    assert result.stderr.startswith("layouts/damaged/Damaged.ttf: cannot read this font: ")
    assert len(result.stderr.splitlines()) == 1
    assert not (project / "output" / "belarus-sco-tianjin.pdf").exists()


def test_layout_that_extends_itself(project: Path, run) -> None:
    child_layout(project, "loop", extends="loop")
    result = run("check", "--layout", "loop")
    assert result.stderr == "layouts/loop/style.toml:extends: layout 'loop' extends itself\n"


def test_letter_page_size(project: Path, run) -> None:
    child_layout(project, "us", '[page]\nsize = "Letter"\n')
    assert run("render", "--layout", "us").exit_code == 0
    from pypdf import PdfReader

    box = PdfReader(project / "output" / "belarus-sco-tianjin.pdf").pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612.0, 792.0)


def test_every_style_key_is_documented() -> None:
    from pydantic import BaseModel

    from brief.layout.style import Style

    docs = (Path(__file__).resolve().parents[1] / "docs" / "layouts.md").read_text()

    def keys(model: type[BaseModel]) -> set[str]:
        found = set()
        for name, field in model.model_fields.items():
            found.add(name)
            inner = field.annotation
            for candidate in (inner, *getattr(inner, "__args__", ())):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    found |= keys(candidate)
        return found

    assert sorted(k for k in keys(Style) if f"`{k}`" not in docs and f"[{k}" not in docs) == []


def test_empty_colour_turns_a_rule_off(project: Path, run) -> None:
    child_layout(project, "plain", '[table]\nzebra = ""\n[running]\nrule = ""\n')
    assert run("check", "--layout", "plain").exit_code == 0


def test_an_edited_template_is_used_by_the_next_render(project: Path, run, cache_folder) -> None:
    """Templates are compiled once per process and cached on disk, but never stale."""
    folder = child_layout(
        project,
        "edited",
        "",
        "<story><p>First {{ brief.title }}</p></story>\n",
    )
    assert run("render", "--layout", "edited").exit_code == 0
    pdf = project / "output" / "belarus-sco-tianjin.pdf"
    assert "First Belarus" in pdf_pages_text(pdf)[0]
    template = folder / "brief.xml.j2"
    template.write_text("<story><p>Second {{ brief.title }}</p></story>\n")
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert run("render", "--layout", "edited").exit_code == 0
    assert "Second Belarus" in pdf_pages_text(pdf)[0]
    assert any(cache_folder.rglob("*.cache"))  # compiled templates kept for the next process


def test_parsed_hyphenation_patterns_are_kept_and_a_damaged_copy_is_replaced(
    project: Path, run, cache_folder, monkeypatch
) -> None:
    import pickle

    import pyphen

    from brief.typeset.hyphenation import _dictionary_from_state

    monkeypatch.setattr(pyphen, "hdcache", {})  # as in a new process
    dictionary = pyphen.LANGUAGES["en_US"]  # English is hyphenated by Liang's patterns
    stat = dictionary.stat()
    kept = next(cache_folder.glob("*/hyphenation"), None)
    if kept is not None:
        for old in kept.glob("*.pickle"):
            old.write_bytes(b"damaged")
    assert run("render").exit_code == 0
    kept = next(cache_folder.glob("*/hyphenation"))
    copy = next(kept.glob(f"{dictionary.stem}-{stat.st_size}-{stat.st_mtime_ns}-*.pickle"))
    state = pickle.loads(copy.read_bytes())
    kept_dictionary = _dictionary_from_state(pyphen, state)
    parsed = pyphen.HyphDict(dictionary)
    assert {p: kept_dictionary.patterns.get(p) for p in parsed.patterns} == parsed.patterns
    text = " ".join(pdf_pages_text(project / "output" / "belarus-sco-tianjin.pdf"))
    assert "\u00ad\n" in text  # still hyphenated (a hyphen added at a break is a soft one)

    monkeypatch.setattr(pyphen, "hdcache", {})
    copy.write_bytes(b"damaged")
    assert run("render").exit_code == 0
    assert pickle.loads(copy.read_bytes()) == state


def test_parsed_fonts_are_kept_and_a_damaged_copy_is_replaced(cache_folder) -> None:
    from reportlab.pdfbase.ttfonts import TTFontFace

    from brief.typeset.fonts import _read_face, bundled_fonts_dir

    path = bundled_fonts_dir() / "NotoSerifHebrew-Bold.ttf"
    parsed = TTFontFace(str(path))
    first = _read_face(path, 0)
    copies = list(cache_folder.glob("*/fonts/NotoSerifHebrew-Bold-*.pickle"))
    assert len(copies) == 1
    copies[0].write_bytes(b"damaged")
    again = _read_face(path, 0)
    kept = _read_face(path, 0)  # from the replaced copy
    for face in (first, again, kept):
        assert face.charToGlyph == parsed.charToGlyph
        assert face.name == parsed.name and face._pdfScale(2048) == parsed._pdfScale(2048)
    assert copies[0].read_bytes() != b"damaged"


def test_every_template_problem_at_once_with_what_it_may_have_meant(project: Path, run) -> None:
    child_layout(
        project,
        "typos",
        template='<story>\n<p style="titel">x</p>\n<marquee/>\n<p colour="red">y</p>\n'
        '<heading levle="2">z</heading>\n<box style="key_point">w</box>\n</story>\n',
    )
    result = run("check", "--layout", "typos")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "layouts/typos/brief.xml.j2: unknown paragraph style 'titel' in <p style> "
        "(did you mean 'title'?)",
        "layouts/typos/brief.xml.j2: unknown story element <marquee>",
        "layouts/typos/brief.xml.j2: unknown box style 'key_point' (did you mean 'key_points'?)",
    ]


def test_an_attribute_an_element_does_not_take_is_a_warning(project: Path, run) -> None:
    child_layout(project, "attrs", template='<story>\n<heading levle="2">z</heading>\n</story>\n')
    result = run("check", "--layout", "attrs")
    assert result.exit_code == 0
    assert result.stderr == (
        "layouts/attrs/brief.xml.j2: warning: <heading> takes no attribute 'levle' "
        "(did you mean 'level'?)\n"
    )
    assert run("check", "--layout", "attrs", "--strict").exit_code == 1


def test_a_misspelt_block_is_an_error_at_its_line(project: Path, run) -> None:
    child_layout(
        project,
        "blocks",
        template='{% extends "default/brief.xml.j2" %}\n\n{% block titel_page %}{% endblock %}\n',
    )
    result = run("check", "--layout", "blocks")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "layouts/blocks/brief.xml.j2:3: template error: no block 'titel_page' in the layout "
        "it extends (did you mean 'title_page'? its blocks: back_page, body,"
    )


def test_a_misspelt_layout_or_style_key_gets_a_suggestion(project: Path, run) -> None:
    assert "(did you mean 'default'?)" in run("check", "--layout", "defualt").stderr
    child_layout(project, "keys", "[paragraphs.body]\nsizee = 3\n")
    assert run("check", "--layout", "keys").stderr == (
        "layouts/keys/style.toml:paragraphs.body.sizee: unknown key 'sizee' "
        "(did you mean 'size'?)\n"
    )


def test_a_gold_section_number_on_white_is_flagged(project: Path, run) -> None:
    child_layout(project, "gold", '[colors]\naccent = "#c9a227"\n')
    result = run("check", "--layout", "gold")
    assert (
        "layouts/gold/style.toml:colors.accent: warning: text colour #c9a227 on the page "
        "(#ffffff) has a contrast of 2.41:1, below WCAG AA (3:1)" in result.stderr
    )


def test_a_misspelt_block_and_the_storys_problems_are_listed_together(project: Path, run) -> None:
    child_layout(
        project,
        "both",
        template='{% extends "default/brief.xml.j2" %}\n{% block titel_page %}{% endblock %}\n'
        '{% block body %}<p style="bodyy">x</p>{% endblock %}\n',
    )
    result = run("check", "--layout", "both")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("layouts/both/brief.xml.j2:2: template error: no block 'titel_page'")
    assert lines[1] == (
        "layouts/both/brief.xml.j2: unknown paragraph style 'bodyy' in <p style> "
        "(did you mean 'body'?)"
    )


def test_a_spec_or_style_that_validated_is_loaded_as_it_was_and_errors_stay(
    cache_folder, tmp_path, monkeypatch
) -> None:
    """Validating builds Pydantic's validators (the longest step of a first render): what
    validated once is kept and loaded as it was validated; what did not is checked again."""
    import pytest
    from pydantic import ValidationError

    from brief.compose.spec import Spec
    from brief.core.cache import validated
    from brief.layout.style import Style

    data = {"source": "a.md", "title": "  Trade  ", "language": "de", "size_budget": "2 MB"}
    first = validated(Spec, data)
    calls = []
    original = Spec.model_validate
    monkeypatch.setattr(
        Spec, "model_validate", classmethod(lambda cls, d: calls.append(d) or original(d))
    )
    again = validated(Spec, dict(data))
    assert calls == [] and again == first and again.title == "Trade"
    assert again.model_fields_set == first.model_fields_set  # "language" given, as merging asks
    assert validated(Spec, {**data, "title": "Other"}).title == "Other" and len(calls) == 1
    for _ in range(2):  # never kept: reported each time
        with pytest.raises(ValidationError):
            validated(Spec, {**data, "language": "not a tag"})
    assert len(calls) == 3
    style = {"page": {"size": "A4"}, "colors": {"primary": "#123456"}}
    assert validated(Style, style) == validated(Style, style) == Style.model_validate(style)
    assert list(cache_folder.glob("*/validated/Spec-*.pickle"))
