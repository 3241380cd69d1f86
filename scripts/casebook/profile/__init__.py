"""The profile model and its checks (schema, YAML with lines, vocabularies, validator, --fix, pack definitions, reference docs); uses zh."""
