"""Excel files in the office's layout: the report registry and its reports, the statistics forms, the import of the units' lists."""
