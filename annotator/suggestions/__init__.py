"""Code suggestions made on this machine: codebook rules and a per-coder linear model, measured against human coding."""
