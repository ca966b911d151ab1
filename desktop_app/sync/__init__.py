"""Sync with the central server: the protocol's pydantic schemas and the client engine.

Not built yet (issue "The central server and offline-first sync"). The data side
is prepared: every ``Record`` carries ``version``, ``origin_office`` and
``server_seq``, and ``models.synced_models()`` lists the tables that sync by
declaration. No Qt.
"""
