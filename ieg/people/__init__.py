"""People: accounts, sign-in throttling and permissions."""
