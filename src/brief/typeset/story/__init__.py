"""Story building: the layout's story XML in, ReportLab flowables out.

The story vocabulary (:mod:`.elements`) is small and documented in ``docs/layouts.md``. Text
arrives here already unescaped by the XML parser and is escaped again before it reaches
ReportLab's paragraph parser, so only the inline elements of the vocabulary can ever become
markup.
"""
