"""The pure core: the document model and the parsers. Text in, data out, no I/O."""
