"""The organiser area as a whole: its one menu (filtered by role) and the board's "what waits" panel."""
