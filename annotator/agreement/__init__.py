"""Inter-coder agreement (AGREEMENT.md): coefficients on unit tables and on coded spans; no UI imports."""
