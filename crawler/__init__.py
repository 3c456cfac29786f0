"""crawler/: gathers policy texts from websites and local files into corpus/."""
