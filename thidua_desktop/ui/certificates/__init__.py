"""Certificates in the window: printing a decision's certificates, the preview, templates and calibration."""
