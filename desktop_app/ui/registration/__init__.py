"""The registration wizard (ثبت‌نام کارآموز), its step pages, and the trainees and
counseling lists of the «کارآموزان و ثبت‌نام» section. UI thread only."""
