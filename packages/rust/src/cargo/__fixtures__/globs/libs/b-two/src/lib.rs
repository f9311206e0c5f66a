// libs-b-two
