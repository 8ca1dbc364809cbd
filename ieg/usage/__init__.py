"""Website usage statistics (R26) and channel take-up (G22, E18)."""
