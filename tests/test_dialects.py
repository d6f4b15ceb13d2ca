"""Site generators' syntax in an article is read for what it means, never printed: Hugo
shortcodes, Liquid tags and output, MkDocs admonitions, pandoc fenced divs, comment lines,
and raw HTML's style sheets and scripts. Each construct is a warning at its line."""

from __future__ import annotations

import pytest

from brief.source.article import Article
from brief.source.reader import parse_article


def blocks(article: Article) -> list:
    return [*article.lede, *(b for s in article.sections for b in s.blocks)]


def read(source: str) -> tuple[list, list[tuple[int, str]]]:
    warnings: list = []
    article = parse_article(source, markdown=True, warnings=warnings)
    return blocks(article), [(w.line, w.message) for w in warnings]


def texts(found: list) -> list[str]:
    return [_text(b) for b in found]


def _text(block) -> str:
    if block.kind == "callout":
        inner = " / ".join(_text(b) for b in block.blocks)
        return f"[{block.variant} box '{block.title or ''}': {inner}]"
    if block.kind == "list":
        return "; ".join(item.text for item in block.items)
    return getattr(block, "text", None) or f"[image {block.alt} {block.src}]"


def test_hugo_shortcodes() -> None:
    found, warnings = read(
        "# Post\n\n"
        '{{< figure src="/images/chart.png" caption="Exports by route, 2017–2024" >}}\n\n'
        '{{< note title="Heads up" >}}\nThe numbers are provisional.\n{{< /note >}}\n\n'
        "{{< youtube dQw4w9WgXcQ >}}\n\n{{< unknown-thing a=1 >}}\n\n"
        '{{% callout %}}Kept **text**.{{% /callout %}}\n\nSee [the post]({{< ref "other.md" >}}).\n'
    )
    assert texts(found) == [
        "[image Exports by route, 2017–2024 /images/chart.png]",
        "[note box 'Heads up': The numbers are provisional.]",
        "Youtube: dQw4w9WgXcQ",
        "Kept text.",
        "See the post.",
    ]
    assert found[2].spans[0].href == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert [line for line, _ in warnings] == [3, 5, 9, 11, 13]
    assert "'unknown-thing' is not printed" in warnings[3][1]


def test_liquid_tags_and_output() -> None:
    found, warnings = read(
        '# Post\n\nA link to [the other post]({{ "/2015/06/09/post/" | url }}) and '
        "![logo]({{ site.baseurl }}/logo.png).\n\n{% include footer.html %}\n\n"
        '{% image "rice.png" "A chart of rice prices" %}\n\n'
        "{% if page.draft %}Draft text.{% endif %}\n\n{% comment %}\nHidden.\n{% endcomment %}\n"
        "Visible.\n\n{{ page.title | upcase }}\n"
    )
    assert texts(found) == [
        "A link to the other post and logo.",
        "[image A chart of rice prices rice.png]",
        "Draft text.",
        "Visible.",
    ]
    assert "Hidden" not in " ".join(texts(found))
    messages = " ".join(message for _, message in warnings)
    assert "'include' is not printed" in messages and "template output" in messages


def test_admonitions_fenced_divs_comments_and_seven_hashes() -> None:
    found, warnings = read(
        '# Post\n\n!!! warning "Intended audience"\n    This post is for analysts.\n\n'
        "    A second paragraph.\n\n::: {.callout-note}\nFenced div content.\n:::\n\n"
        "[comment]: <> (This is a comment (with nested parentheses))\n\n"
        "####### **Important**\n\nLast.\n"
    )
    assert texts(found) == [
        "[warning box 'Intended audience': This post is for analysts. / A second paragraph.]",
        "[note box '': Fenced div content.]",
        "Last.",
    ]
    assert [line for line, _ in warnings] == [3, 8, 12, 14]
    article = parse_article("# Post\n\nIntro.\n\n####### **Important**\n\nLast.\n", markdown=True)
    assert [s.heading for s in article.sections] == ["Important"]  # a bold line alone


def test_callouts_of_every_generator_are_boxes() -> None:
    found, warnings = read(
        "# Post\n\n> [!WARNING] Mind the gap\n> Body **text**.\n>\n> - item\n\n"
        "> [!tip]-\n> Folded tip.\n\n> [!unknown]\n> A quote.\n\n"
        '::: {.callout-caution title="Careful"}\nDiv body.\n\n```\ncode\n```\n:::\n\n'
        "::: columns\nNo box.\n:::\n\n"
        '??? danger "Collapsed"\n    Hidden body.\n\n'
        "{{< alert >}}\nHugo body.\n{{< /alert >}}\n\nAfter.\n"
    )
    assert texts(found) == [
        "[warning box 'Mind the gap': Body text. / item]",
        "[tip box '': Folded tip.]",
        "[!unknown] A quote.",
        "[caution box 'Careful': Div body. / code]",
        "No box.",
        "[caution box 'Collapsed': Hidden body.]",
        "[warning box '': Hugo body.]",
        "After.",
    ]
    assert [line for line, _ in warnings] == [14, 22, 26, 29]


def test_code_keeps_site_syntax_as_written() -> None:
    found, warnings = read(
        "# Post\n\nUse `{{< figure src=x >}}` or `{% include a %}` in a page.\n\n"
        "```liquid\n{% include kept.html %}\n{{ site.title }}\n```\n"
    )
    assert texts(found)[0] == "Use {{< figure src=x >}} or {% include a %} in a page."
    assert found[1].text == "{% include kept.html %}\n{{ site.title }}"
    assert warnings == []


@pytest.mark.parametrize(
    "pattern", ["{{<", "{{%", "{%", "{{", "!!!", "[comment]:", "<style", "gt_table", "$(document)"]
)
def test_no_site_syntax_reaches_the_text(pattern: str) -> None:
    found, _ = read(
        "# Post\n\n<style>\n.gt_table { color: red }\n</style>\n\n"
        "<script>$(document).ready(function(){ go() })</script>\n\n"
        '{{< figure src="a.png" alt="A" >}} {{% note %}}x{{% /note %}} {% raw %}y{% endraw %}\n\n'
        '!!! tip\n    Body.\n\n[comment]: <> (c)\n\n{{ "/a/" | relative_url }}\n'
    )
    assert pattern not in " ".join(str(getattr(b, "text", "")) for b in found)


def test_bold_lines_alone_are_headings_as_their_author_meant() -> None:
    """A post converted from Word or a CMS marks its headings by a bold line alone: sections
    when the article has no headings of its own, else headings below its deepest; a bold
    caption or source line, a bold sentence and a bold line with nothing after it stay as
    they were."""
    from brief.source.reader import parse_article

    article = parse_article(
        "# Title\n\nIntro paragraph here.\n\n**The crisis**\n\nBody one.\n\n"
        "**What to do:**\n\nBody two.\n\n**This is a bold sentence.**\n\nBody three.\n\n"
        "**Table 1: Rates**\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
        markdown=True,
    )
    assert [s.heading for s in article.sections] == ["The crisis", "What to do"]
    last = article.sections[-1].blocks
    assert [b.kind for b in last] == ["paragraph", "paragraph", "paragraph", "table"]
    assert last[-1].caption == "Rates"
    nested = parse_article(
        "# Title\n\n## Summary\n\nIntro.\n\n## Context\n\nText.\n\n**A detail**\n\nMore.\n",
        markdown=True,
    )
    assert [s.heading for s in nested.sections] == ["Summary", "Context"]
    assert [(b.kind, b.text) for b in nested.sections[1].blocks][1] == ("subheading", "A detail")


def test_an_empty_heading_and_the_author_s_own_section_numbers() -> None:
    """A lone "#" is no heading (it made an empty numbered section and turned the title into
    one); headings the author numbered 1, 2, 3 in order lose their numbers, which brief sets
    itself ("1 1. Background" otherwise); numbers that are not that order stay."""
    from brief.source.reader import parse_article

    article = parse_article(
        "# Title\n\nIntro.\n\n## 1. Background\n\nOne.\n\n## 2) Results\n\nTwo.\n\n"
        "## 3. Conclusion\n\nEnd.\n\n#\n",
        markdown=True,
    )
    assert article.title == "Title"
    assert [s.heading for s in article.sections] == ["Background", "Results"]
    assert article.conclusion is not None and article.conclusion.heading == "Conclusion"
    kept = parse_article(
        "# T\n\nIntro.\n\n## 2024 in review\n\nA.\n\n## 3 reasons\n\nB.\n", markdown=True
    )
    assert [s.heading for s in kept.sections] == ["2024 in review", "3 reasons"]


def test_figures_abbreviations_and_dark_mode_twins() -> None:
    found, warnings = read(
        "# Post\n\nText.\n\n<figure markdown>\n  ![Energy](a-light.svg#only-light)\n"
        "  ![Energy](a-dark.svg#only-dark)\n  <figcaption>Energy by model.</figcaption>\n"
        '</figure>\n\n<figure><img src="b.png" alt="Map"><figcaption>Where.</figcaption>'
        "</figure>\n\n*[HTML]: Hyper Text Markup Language\n\nLast.\n"
    )
    images = [b for b in found if b.kind == "image"]
    assert [(i.src, i.alt, i.caption) for i in images] == [
        ("a-light.svg", "Energy", "Energy by model."),
        ("b.png", "Map", "Where."),
    ]
    assert texts(found)[-1] == "Last." and "Hyper" not in " ".join(texts(found))
    assert any("abbreviation" in message for _, message in warnings)


def test_mdx_metadata_jsx_attributes_and_an_html_post_with_front_matter() -> None:
    mdx = (
        "import { Figure } from '@site/components'\n\nexport const meta = {\n"
        "  title: 'Carbon offsets burning',\n  authors: ['A B', 'C D'],\n  quotes: [],\n}\n\n"
        "Body <span style={{overflowWrap: 'break-word'}}>kept</span> text.\n"
    )
    article = parse_article(mdx, path="post.mdx", markdown=True, warnings=[])
    assert article.meta.title == "Carbon offsets burning"
    assert article.meta.authors == ["A B", "C D"]
    assert [b.text for b in article.lede] == ["Body kept text."]
    from pathlib import Path

    from brief.source.reader import read_article

    html = b"---\ntitle: A post\n---\n\n<p>First <em>one</em>.</p>\n<p>Second.</p>\n"
    post = read_article(Path("post.html"), data=html, warnings=[])
    assert post.meta.title == "A post"
    assert [(b.text, b.line) for b in post.lede] == [("First one.", 5), ("Second.", 6)]


def test_executable_chunks_as_their_site_shows_them() -> None:
    found, warnings = read(
        "# Post\n\n```{r}\n#| include: false\nlibrary(x)\n```\n\n"
        "```{r}\n#| code-fold: true\n#| label: fig-a\nplot(x)\n```\n\n"
        "```{r, echo=FALSE}\nhidden()\n```\n\n```python\n#| kept as written\n```\n"
    )
    assert texts(found) == ["plot(x)", "#| kept as written"]
    assert [line for line, _ in warnings] == [3, 14]


@pytest.mark.parametrize(
    "headings",
    [
        ["一、背景", "二、方法", "三、结论"],
        ["I. Context", "II. Method", "III. Findings", "IV. Next"],
    ],
)
def test_an_authors_own_section_numbers_go(headings: list[str]) -> None:
    source = "# T\n\n" + "".join(f"## {h}\n\nText.\n\n" for h in headings)
    article = parse_article(source, markdown=True)
    shown = [s.heading for s in article.all_sections()]
    assert shown == [h.split("、")[-1].split(". ")[-1] for h in headings]


def test_pandoc_attributes_struck_text_and_notation_as_written() -> None:
    found, warnings = read(
        '# Post\n\n![](katy.jpg){fig-alt="Katy Perry in a dress"}\n\n![A cat](cat.jpg){width=50%}'
        "\n\nSome [small caps]{.smallcaps}, ~~struck~~ text; pte.V = 0 and ARMA(p,q) fit.\n"
    )
    assert [(b.kind, getattr(b, "alt", None)) for b in found[:2]] == [
        ("image", "Katy Perry in a dress"),
        ("image", "A cat"),
    ]
    last = found[2]
    assert last.text == "Some small caps, struck text; pte.V = 0 and ARMA(p,q) fit."
    assert [s.text for s in last.spans if s.strike] == ["struck"]
    assert any("attributes" in message for _, message in warnings)


def test_an_authors_numbers_after_an_unnumbered_introduction_go() -> None:
    source = "# T\n\n## Intro\n\nx.\n\n## 1. Dados\n\nx.\n\n## 2. Modelo\n\nx.\n\n## 3. Fim\n\nx.\n"
    article = parse_article(source, markdown=True)
    assert [s.heading for s in article.all_sections()] == ["Intro", "Dados", "Modelo", "Fim"]


def test_a_figure_shortcode_whose_caption_holds_html() -> None:
    found, _ = read(
        '# Post\n\n{{< figure src="img/rdf/triple.svg" caption="RDF triple with a <span '
        "style='color:var(--red)'>subject</span> and <span style='color:var(--green)'>object"
        '</span>" width="500px" >}}\n\nAfter.\n'
    )
    assert [(b.kind, getattr(b, "alt", None)) for b in found] == [
        ("image", "RDF triple with a subject and object"),
        ("paragraph", None),
    ]


def test_template_output_over_several_lines_is_not_printed() -> None:
    found, warnings = read(
        '# Post\n\nText.\n\n{{ figure_markup(\n  image="a.png",\n  caption="Cap"\n  )\n}}\n\n'
        "After.\n"
    )
    assert texts(found) == ["Text.", "After."]
    assert [line for line, _ in warnings] == [5]
