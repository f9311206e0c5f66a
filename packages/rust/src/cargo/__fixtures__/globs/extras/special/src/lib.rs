// extras-special
