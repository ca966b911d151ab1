"""Training courses and skill standards: saving, the approval workflow, and printing a course. No
Qt; any thread.
"""
