// crates-alpha
