"""Hand-over files between desks: writing, previewing and merging them, and the file on disk."""
