"""The SQL of the hand-over between desks: what a year or a unit's file holds, the preview and the merge."""
