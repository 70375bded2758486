"""Tests of annotator/agreement: coefficients against reference packages and published cases, adjudication."""
