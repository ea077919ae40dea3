"""The stadslabs and related initiatives of the City Deal."""
