"""People's participation and volunteer services (seed 004) for a Welfare office.

Modules: ``vocab`` (kinds, channels, areas — plain data), ``numbering`` (receipt
numbers), ``benefactors``, ``gifts`` (gifts and their receipts), ``receipt`` (the
printed receipt), ``volunteers``, ``allocations`` (the participation account),
``reconciliation`` (bank statements), ``summary`` (reports, statements, exports) and
``demo``. No Qt; any thread.
"""
