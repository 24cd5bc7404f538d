"""Load: read YAML with the position of every value, check it against the model, and collect every problem."""
