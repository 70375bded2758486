"""annotator: code interview testimonies in the terminal."""

__version__ = "0.1.0"
