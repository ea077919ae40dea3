"""Calendar files, feeds and personal invites for the talkshows."""
