"""The screens: coding (the main one), code picker, code retrieval, search, memo and help."""
