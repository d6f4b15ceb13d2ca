"""What the benchmarks share: the vocabulary their synthetic articles are made of."""

WORDS = (
    "policy",
    "trade",
    "energy",
    "security",
    "region",
    "summit",
    "growth",
    "market",
    "border",
    "transit",
)
