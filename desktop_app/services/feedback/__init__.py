"""Opinions, suggestions, complaints, surveys and FAQ per service card (seeds 002, 003). Not built
yet: the home of that section's use cases. No Qt; any thread.
"""
