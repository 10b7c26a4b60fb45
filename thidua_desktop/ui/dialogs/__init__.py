"""Dialogs of the File and Tools menus: papers, suggested nominees, restore, a damaged file, the desk's settings."""
