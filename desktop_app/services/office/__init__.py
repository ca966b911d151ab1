"""The office itself: its settings (identity, values the counter works with), backups of the
workstation database and restoring one. No Qt.
"""
