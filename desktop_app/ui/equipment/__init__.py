"""The workshop equipment (تجهیزات کارگاهی) screens: the list (a tab of the workshops
section), the item form with photo and move history, and the move dialog — thin
configurations of the shared machinery in ``ui.listing``. UI thread only."""
