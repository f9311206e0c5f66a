// lone
