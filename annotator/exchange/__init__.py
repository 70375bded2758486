"""Exchange: files in and out of a project (CSV, documents, REFI-QDA, ...); no UI code."""
