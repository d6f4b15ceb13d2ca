"""What a brief gives besides its PDF: each table's data as CSV, and its citation in the
formats reference managers read. Made from the merged brief alone (no typesetting), so the
PDF's attachments, the files beside it and the web site all carry the same bytes."""
