// pointed
