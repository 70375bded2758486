"""Workflows: multi-step operations (merge a packet, sync a codebook, back up) that use the stores and write no SQL of their own."""
