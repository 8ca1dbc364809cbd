"""Open311 GeoReport v2 and back-office integration (R7, G24)."""
