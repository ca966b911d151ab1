"""User accounts, roles and permissions, and the audit trail. No Qt; any thread."""
