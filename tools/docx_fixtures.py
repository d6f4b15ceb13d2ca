"""Write the corpus's Markdown articles as .docx with pandoc, for tests/test_word.py.

Run from the repository: python tools/docx_fixtures.py (needs pypandoc-binary; the files
written to tests/docx/from-markdown/ are committed, so the tests do not need pandoc). Written
with pandoc 3.9.
"""

from pathlib import Path

ARTICLES = ("markdown-full", "tariff-revenue", "german", "multilingual", "captions-and-titles",
            "wide-table", "link-cells")  # fmt: skip


def main() -> None:
    import pypandoc

    tests = Path(__file__).resolve().parents[1] / "tests"
    here, corpus = tests / "docx", tests / "corpus"
    for name in ARTICLES:
        pypandoc.convert_file(
            str(corpus / f"{name}.md"),
            "docx",
            outputfile=str(here / "from-markdown" / f"{name}.docx"),
            extra_args=["--resource-path", str(corpus)],
        )


if __name__ == "__main__":
    main()
