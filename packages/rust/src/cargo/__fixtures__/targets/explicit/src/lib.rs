// not a target
