"""Sync use cases for the window: status, one round, enrollment, conflicts. No Qt; any thread."""
