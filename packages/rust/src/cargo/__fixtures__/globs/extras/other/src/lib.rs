// extras-other
