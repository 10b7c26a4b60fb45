"""The papers of a cluster's year: the minutes of the vote and the scoring tally."""
