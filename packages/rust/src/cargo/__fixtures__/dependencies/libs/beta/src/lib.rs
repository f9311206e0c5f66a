// beta
