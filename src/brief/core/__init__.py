"""What every stage shares: the error root, limits, confined reading, the cache, units and
validated TOML.
"""
