"""Plain records, enums and Vietnamese text helpers. Imports nothing from the app."""
