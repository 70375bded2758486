"""Tests of annotator/domain: names, codebook and corpus files, re-anchoring spans in corrected text."""
