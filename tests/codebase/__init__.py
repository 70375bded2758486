"""Checks on the code and the suite themselves: the layer contract, SQL stays in storage, repeatable and private test runs."""
