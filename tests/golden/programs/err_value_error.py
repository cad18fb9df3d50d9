# Uncaught ValueError with a message
def parse_age(s):
    n = int(s)
    if n < 0:
        raise ValueError(f"age must be non-negative, got {n}")
    return n

print(parse_age("42"))
print(parse_age("-3"))
print("unreachable")
