"""Pages that belong to no feature: privacy, accessibility, language choice."""
