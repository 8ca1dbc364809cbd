"""Published reference lists every area reads and none owns: the priority outcomes for local
e-government, the LGIL interaction types. Pure: the lists ship as package data (ieg/data)."""
