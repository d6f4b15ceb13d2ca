"""Reading the article: decoding, the plain-text pre-pass, Markdown, tables, front matter and
repairs.
"""
