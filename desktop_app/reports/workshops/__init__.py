"""The PDFs of facilitator training workshops and attendance: the programme booklet,
attendance sheets (blank for signatures or filled, workshops and courses), letters
(invitation, confirmation request), the evaluation report with its charts and the
completion certificate. Each takes plain data from ``documents.workshops``.
No Qt; any thread.
"""
