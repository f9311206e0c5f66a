// sibling
