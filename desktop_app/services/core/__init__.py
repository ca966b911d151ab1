"""Shared machinery of every use case: the application context, errors, records (live rows,
stamping, stale-version checks), the paged list engine, Excel writing, photos, dependents on
delete, privacy masking, reference lists and the workstation file. No Qt; any thread.
"""
