def check(x, d):
    assert x > 0, "x must be positive"
    assert x
    del d["key"]
    tmp = x
    del tmp
    try:
        int("bad")
    except ValueError as e:
        raise RuntimeError("failed") from e
