// unix-only
