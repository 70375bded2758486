"""The coding screen, one module per concern: its keys, shared view, span, search, compare, document, turn,
layout, legend, codebook and follow actions, and the screen that combines them."""
