"""Realistic demo data for a data folder (``miz demo``), written through the real use cases. No Qt."""
