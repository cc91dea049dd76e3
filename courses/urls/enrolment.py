learn_patterns = []
trainer_patterns = []
