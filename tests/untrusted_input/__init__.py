"""Input from outside is hostile: every door refuses bad files, names and targets in one line, writes nothing, leaks no testimony."""
