// libs-c-three
