"""Award catalogue and legal rules as dated data. No Qt, no SQL."""
