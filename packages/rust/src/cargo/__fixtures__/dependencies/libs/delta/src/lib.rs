// delta
