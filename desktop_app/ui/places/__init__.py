"""The places (اماکن) and workshops (کارگاه‌ها) sections: thin configurations of the
shared list/form machinery in ``ui.listing``. UI thread only."""
