"""A cluster's year: its calendar, the scoring table, the conference vote and what their papers print."""
