def fmt(name, value, width):
    a = f"{name}={value}"
    b = f"{value:.2f}"
    c = f"{name!r:>{width}}"
    d = f"{value=}"
    e = f"plain"
    return a, b, c, d, e
