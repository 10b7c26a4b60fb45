"""What the reports read: rows of the Excel exports, counts of the statistics forms, papers and certificates."""
