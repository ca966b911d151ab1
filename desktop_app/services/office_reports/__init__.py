"""Periodic office reports and statistics over every section. Not built yet: the home of those use
cases. No Qt; any thread.
"""
