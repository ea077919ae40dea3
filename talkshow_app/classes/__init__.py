"""Classes at talkshows: a teacher's block of seats that students join one by one (issue 17)."""
