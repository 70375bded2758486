"""The coding screen's widgets: transcript, testimony list, codebook, spans and status line."""
