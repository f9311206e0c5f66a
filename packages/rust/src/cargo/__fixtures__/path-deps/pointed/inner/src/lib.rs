// pointed-inner
