"""api/: the FastAPI service, the web pages and the rendakb command line."""
