"""The query layer: one language over coded spans and texts, evaluated for the CLI, screens and reports."""
