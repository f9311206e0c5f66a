// transitive
