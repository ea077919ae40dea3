"""Organiser-area accounts: who may plan, edit and administer."""
