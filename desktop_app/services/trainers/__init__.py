"""Trainer records: their plain data, saving, and the printed profile. No Qt; any thread."""
