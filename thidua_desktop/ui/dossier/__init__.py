"""Dossiers in the window: attachments, the check of attached files, the fund ledger, find by paper number."""
