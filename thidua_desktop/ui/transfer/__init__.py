"""Files in and out from the window: Excel import and export, hand-over files."""
