"""Write the corpus's Markdown articles as .docx with pandoc, for tests/test_word.py.

Run from the repository: python tests/docx/regenerate.py (needs pypandoc-binary; the files
written are committed, so the tests do not need pandoc). Written with pandoc 3.9.
"""

from pathlib import Path

ARTICLES = ("markdown-full", "tariff-revenue", "german", "multilingual", "captions-and-titles",
            "wide-table", "link-cells")  # fmt: skip


def main() -> None:
    import pypandoc

    here = Path(__file__).parent
    corpus = here.parent / "corpus"
    for name in ARTICLES:
        pypandoc.convert_file(
            str(corpus / f"{name}.md"),
            "docx",
            outputfile=str(here / "from-markdown" / f"{name}.docx"),
            extra_args=["--resource-path", str(corpus)],
        )


if __name__ == "__main__":
    main()
