"""Open data sets: registry, builds, public pages and the DCAT catalogue."""
