"""The headless coding core: what the coding screens decide, without Textual (tested without Pilot)."""
