"""Model adapters: one async generate() per provider (see base.ModelAdapter)."""
