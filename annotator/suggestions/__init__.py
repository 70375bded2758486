"""Code suggestions learned from one coder's coding and the codebook, made on this machine only (issue 27)."""
