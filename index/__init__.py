"""index/: parses corpus documents (clause tree, task assignments, requirements) and searches them with Whoosh."""
