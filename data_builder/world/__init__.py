"""The bundled tool world: a seeded dataset of places, companies, media and more behind the catalog."""
