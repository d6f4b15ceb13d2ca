"""Typesetting: the story of flowables, tables, fonts, scripts and the marks tagging needs."""
