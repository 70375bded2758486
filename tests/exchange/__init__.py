"""Tests of exchange: REFI-QDA, JSON Lines, matrices, packets and merge."""
