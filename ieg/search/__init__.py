"""Site search on whoosh: schema, the index writer that follows the database, queries,
the council's vocabulary (synonyms, best bets) and the search log. These modules use no
Flask; ieg.search.web binds the engine to an app (its indexer thread, searchers, /search)."""
