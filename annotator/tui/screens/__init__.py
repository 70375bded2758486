"""The screens: coding (a folder of its own), the codebook, code retrieval, agreement and adjudication."""
