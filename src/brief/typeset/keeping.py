"""Keeping blocks together across page breaks: headings and introductions with what follows."""

from __future__ import annotations

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
        if isinstance(parts[0], type(self.FrameBreak)):
            # ReportLab moves the whole group on; a heading needs only the start of what
            # follows with it: the last block begins here when its first part fits
            return self._started_here(avail_width, avail_height) or parts
        *kept, last = kept_flowables(self)
        used = 0.0
        for index, flowable in enumerate(kept):
            _, height = flowable.wrapOn(self.canv, avail_width, avail_height)
            used += (
                height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0.0)
            )
        room = avail_height - used - last.getSpaceBefore()
        if room > 0:
            _, height = last.wrapOn(self.canv, avail_width, room)
            if height <= room:
                return parts
            pieces = last.splitOn(self.canv, avail_width, room)
            # Some flowables split even when their first piece does not fit: check it does.
            if pieces and pieces[0].wrapOn(self.canv, avail_width, room)[1] <= room:
                return parts
        return [self.FrameBreak(), *kept_flowables(self)]

    def _started_here(self, avail_width: float, avail_height: float) -> list[Flowable] | None:
        """The kept blocks and the first part of the last one, when they fit, with the rest
        of the last after them; None when they do not (or the last cannot be split)."""
        *kept, last = kept_flowables(self)
        used = 0.0
        for index, flowable in enumerate(kept):
            _, height = flowable.wrapOn(self.canv, avail_width, avail_height)
            used += (
                height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0.0)
            )
        room = avail_height - used - last.getSpaceBefore()
        if not kept or room <= 0:
            return None
        pieces = last.splitOn(self.canv, avail_width, room)
        if len(pieces) < 2 or pieces[0].wrapOn(self.canv, avail_width, room)[1] > room:
            return None
        return [*kept, *pieces]
