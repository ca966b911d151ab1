"""Training workshops for self-help groups and local facilitators (seed 001): programme,
invitations, supplies, attendance, evaluation. Not built yet: the home of that section's use
cases (a ``TrainingWorkshop``, not a workshop room; rooms are in ``places``). No Qt; any thread.
"""
