"""The trainers section (مربیان): the list and the trainer form. UI thread only."""
