"""Composing the brief: the spec, its corrections and the merge with the article into one model."""

SPEC_SUFFIX = ".toml"  # what makes a path a spec rather than an article
