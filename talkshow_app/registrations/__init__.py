"""Registering for a talkshow: seats, the waiting list, the registrant's own page, check-in and privacy."""
