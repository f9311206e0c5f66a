// crates-old-inner
