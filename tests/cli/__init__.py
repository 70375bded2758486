"""Tests of annotator/cli: the commands, their help and docs, start-up, one-line errors."""
