"""The knowledge archive: what talkshows and labs produce, curated by the editorial board."""
