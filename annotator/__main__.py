"""Entry point for `python -m annotator`."""

from annotator.cli import main

# Guarded: a child process started with "spawn" (the screen's suggestion process) imports this module
# again under another name, and must not start a second command line.
if __name__ == "__main__":
    main()
