"""ReportLab's paragraph, measured once per width.

ReportLab breaks a paragraph into lines again on every ``wrap``, and a page layout asks the
same paragraph for its height many times at one width: to keep a heading with what follows,
to test whether a block fits, before splitting and before drawing. Breaking lines is most of
the typesetting time, so the result of the last width is kept and reused. A paragraph is
also :class:`~brief.tagging.Tagged`: it draws as its structure element when it has a tag.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _ReportLabParagraph

from brief.tagging import Tagged

_KEPT = ("width", "_wrapWidths", "blPara", "height", "_width_max")


class Paragraph(Tagged, _ReportLabParagraph):
    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_brief_memo")
        if memo is not None and memo[0] == availWidth:
            self.__dict__.update(memo[1])
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._brief_memo = (availWidth, {k: self.__dict__[k] for k in _KEPT if k in self.__dict__})
        return result
