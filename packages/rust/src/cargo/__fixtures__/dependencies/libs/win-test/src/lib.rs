// win-test-lib
