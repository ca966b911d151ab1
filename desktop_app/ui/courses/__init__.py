"""The courses section (دوره‌های آموزشی) and the skill standards list: thin
configurations of the shared list/form machinery in ``ui.listing``. UI thread only."""
