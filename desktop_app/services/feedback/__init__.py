"""Requests from the public (opinions, suggestions, complaints, violation reports), their
follow-up by tracking code, the office's work calendar (answer deadlines in working days),
satisfaction surveys and FAQ per service card (seeds 002, 003). No Qt; any thread.

- ``calendar``: the deadline table per Jalali year and working-day arithmetic;
- ``requests``: register, the complaint workflow, follow-up, who may see what, the list;
- ``request_print``: the receipt and the answer letter as ``documents.feedback`` data;
- ``surveys``: questionnaires, answers (paper or kiosk), the blank form, kiosk exit;
- ``faq``: questions and answers per card, search, the printed sheet.
"""
