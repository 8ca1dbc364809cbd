"""Local democracy (R5, R6): councillors and their own pages, committees, meetings and their papers."""
