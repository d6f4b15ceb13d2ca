"""Publishing: a static web site of the briefs (an index, a page per brief, feed and sitemap)."""
