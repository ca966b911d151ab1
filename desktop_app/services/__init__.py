"""Use cases of Miz: each public function takes an ``AppContext``, opens one short
session, owns its transaction, and returns plain data (never live ORM objects).
No Qt; called from worker threads by ``ui.tasks`` or directly by the CLI and tests.
"""
