// nested-leaf
