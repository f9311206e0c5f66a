// bad
