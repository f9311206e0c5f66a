// nested-deep-not-leaf
