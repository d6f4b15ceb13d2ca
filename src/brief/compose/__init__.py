"""Composing the brief: the spec, its corrections and the merge with the article into one model."""
