"""Text that goes into XML, which cannot carry every code point."""

from __future__ import annotations

import re

# What XML 1.0 cannot carry: C0 controls but tab and line ends, lone surrogates, U+FFFE/F.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """*text* without the characters XML 1.0 cannot carry (an escape sequence or a bell
    in a title would make a feed that no reader parses)."""
    return NOT_XML.sub("", text)
