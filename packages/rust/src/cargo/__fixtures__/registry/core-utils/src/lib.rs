// core-utils
