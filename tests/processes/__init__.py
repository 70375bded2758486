"""Programs the multi-process tests run as separate processes (each file is a script)."""
