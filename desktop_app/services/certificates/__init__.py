"""Exam scores and skill certificates: issuing, printing, and the authenticity inquiry (local and
via the central server). No Qt; any thread.
"""
