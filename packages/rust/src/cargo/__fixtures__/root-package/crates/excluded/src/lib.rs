// excluded
