"""Babel's locale for a language tag, for the stages that format numbers, dates and names."""

from __future__ import annotations

import functools
import re
from typing import Any

#: a BCP 47 language tag as brief takes it: a language, then subtags ('en', 'pt-BR', 'zh-Hans')
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def is_language_tag(text: str) -> bool:
    return LANGUAGE_TAG.fullmatch(text) is not None


@functools.cache
def parse_locale(tag: str) -> Any | None:
    """The CLDR locale of a BCP 47 *tag* ('pt-BR', 'zh-Hans'), else of its language alone
    ('xx-YY' → None, 'de-XX' → de); None when Babel knows neither."""
    from babel import Locale, UnknownLocaleError

    for candidate in (tag.replace("-", "_"), tag.split("-")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return None
