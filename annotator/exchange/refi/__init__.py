"""REFI-QDA: read and write .qdc codebooks and .qdpx projects (NVivo, ATLAS.ti, MAXQDA, QualCoder)."""
