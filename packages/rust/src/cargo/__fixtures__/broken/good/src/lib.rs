// good
