"""Pseudonymised outputs: the register's identifiers replaced in every text, offsets mapped, outputs scanned."""
