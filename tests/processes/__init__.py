"""Real processes on one project file (kills, lock waits, terminals, the stress test) and the programs they run (each non-test file is a script)."""
