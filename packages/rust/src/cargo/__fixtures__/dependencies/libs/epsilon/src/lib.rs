// epsilon
