# Uncaught AssertionError with a message
# (assert messages are f-strings evaluated only on failure)
def checked_sqrt(x):
    assert isinstance(x, float), "expected a float"
    assert x >= 0, f"negative input: {x}"
    return x ** 0.5

print(checked_sqrt(16.0))
print(checked_sqrt(2.25))
print(checked_sqrt(-4.0))
