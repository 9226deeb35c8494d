"""Rule packs as data: the fixed vocabulary, the pack schema, loading, layering, the township registry."""
