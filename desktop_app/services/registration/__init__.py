"""Registering trainees at the counter: the wizard's steps and data, the courses registration
offers, the introduction form, counseling, and trainees with their enrollments. No Qt; any
thread.
"""
