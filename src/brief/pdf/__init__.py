"""Writing the PDF: the document and its running furniture, the structure tree, archival and
output.
"""
