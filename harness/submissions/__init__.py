"""Submissions: published results as data (one folder each), packed, validated and ingested."""
