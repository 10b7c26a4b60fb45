"""Dossiers: attachments and their files on disk, the reward fund ledger, finding a paper by its number."""
