"""People's participation (مشارکت‌های مردمی, seed 004): benefactors, gifts, receipts, allocations,
volunteers. Not built yet: the home of that section's use cases. No Qt; any thread.
"""
