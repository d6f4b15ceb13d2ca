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
    return [getattr(b, "text", None) or f"[image {b.alt} {b.src}]" for b in found]


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
        "Heads up: The numbers are provisional.",
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
        "Intended audience: This post is for analysts.",
        "A second paragraph.",
        "Note: Fenced div content.",
        "Important",
        "Last.",
    ]
    assert [line for line, _ in warnings] == [3, 8, 12, 14]


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
