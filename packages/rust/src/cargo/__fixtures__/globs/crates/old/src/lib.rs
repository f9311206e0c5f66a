// crates-old
