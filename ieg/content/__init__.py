"""Content: sections now; pages, revisions and the A-Z with the CMS."""
