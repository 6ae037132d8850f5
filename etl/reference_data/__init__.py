"""Reference data the project writes by hand and ships with the package (e.g. tag meanings)."""
