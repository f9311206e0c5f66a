// other-good
