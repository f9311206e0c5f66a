// gamma
