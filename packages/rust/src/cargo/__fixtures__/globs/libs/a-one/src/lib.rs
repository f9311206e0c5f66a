// libs-a-one
