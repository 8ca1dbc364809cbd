"""E-consultation (R15) and the alerts engine every area shares (G3), with E3's figures."""
