"""Council news (G2): press releases written and published by the communications team as pages of
the "News" section, with categories, the news page, Atom feeds and alerts by category."""
