"""Read models for the pages: what a screen shows, gathered in a few queries. No writes."""
