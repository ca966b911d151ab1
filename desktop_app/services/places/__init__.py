"""Places (centers, private institutes), their workshops, and workshop equipment with its printed
list. No Qt; any thread.
"""
