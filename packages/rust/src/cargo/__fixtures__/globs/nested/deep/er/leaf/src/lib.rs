// nested-deep-er-leaf
