"""Reports to write from: the codebook with its quotes, a query's quotes, the summary grid, the memos."""
