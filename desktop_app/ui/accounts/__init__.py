"""Accounts in the window: sign-in and first-administrator dialogs, changing a
password, the users section, the audit log section, and the session controller that
signs in at start and out after idle time. UI thread only."""
