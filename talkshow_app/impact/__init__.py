"""The City Deal's impact: figures per theme and season, charts, CSV, and the evaluation after a talkshow."""
