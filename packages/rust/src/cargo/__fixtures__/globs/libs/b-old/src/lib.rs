// libs-b-old
