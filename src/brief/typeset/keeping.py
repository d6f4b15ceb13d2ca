"""Keeping blocks together across page breaks: headings and introductions with what follows."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether

from brief.typeset.reportlab_internals import frame_is_at_top, kept_flowables


class KeepWithNext(KeepTogether):
    """The group ReportLab forms for a heading (or caption) kept with what follows.

    ReportLab lets the group start on a page when it is taller than a page, even if what
    follows the heading then cannot start there, leaving the heading alone at the foot of the
    page. This group stays only if the last block's first part fits after the kept blocks.
    """

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if frame_is_at_top(self):
            return parts
        kept, last, room = self._room_for_last(avail_width, avail_height)
        if isinstance(parts[0], type(self.FrameBreak)):
            # ReportLab moves the whole group on; a heading needs only the start of what
            # follows with it: the last block begins here when its first part fits
            if kept and room > 0:
                pieces = last.splitOn(self.canv, avail_width, room)
                if len(pieces) > 1 and pieces[0].wrapOn(self.canv, avail_width, room)[1] <= room:
                    return [*kept, *pieces]
            return parts
        if room > 0:
            _, height = last.wrapOn(self.canv, avail_width, room)
            if height <= room:
                return parts
            pieces = last.splitOn(self.canv, avail_width, room)
            # Some flowables split even when their first piece does not fit: check it does.
            if pieces and pieces[0].wrapOn(self.canv, avail_width, room)[1] <= room:
                return parts
        return [self.FrameBreak(), *kept_flowables(self)]

    def _room_for_last(
        self, avail_width: float, avail_height: float
    ) -> tuple[list[Any], Any, float]:
        """(the kept blocks, the last block, the height left for it after them)."""
        *kept, last = kept_flowables(self)
        used = 0.0
        for index, flowable in enumerate(kept):
            _, height = flowable.wrapOn(self.canv, avail_width, avail_height)
            used += (
                height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0.0)
            )
        return kept, last, avail_height - used - last.getSpaceBefore()
