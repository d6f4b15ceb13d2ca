"""Resolving the layout: the style file, the search path, the sandboxed template and contrast
checks.
"""
