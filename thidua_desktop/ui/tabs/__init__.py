"""The four working tabs (units, movements, people, proposals) and the list-and-edit machinery they share."""
