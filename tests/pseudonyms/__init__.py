"""Tests of the pseudonyms package: matching, replacement with offset maps, the scan, pseudonymised exports."""
