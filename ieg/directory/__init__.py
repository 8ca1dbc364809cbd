"""The community directory (G2): groups keep their own entries; council moderators check the first
version, review later changes and deal with problems the public report."""
