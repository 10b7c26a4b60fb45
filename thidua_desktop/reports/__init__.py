"""Excel exports and imports, PDF certificates, Word drafts. No Qt: runnable from the
command line and from worker threads."""
