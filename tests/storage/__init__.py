"""Tests of annotator/storage: the project file, actions and the event log, codebook and document operations, check and backup."""
