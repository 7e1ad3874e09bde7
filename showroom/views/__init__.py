"""HTML pages of the showroom app."""
