"""Article → draft profile: extraction, the importer, the scaffold and the own-words check; uses profile and zh."""
