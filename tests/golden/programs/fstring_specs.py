# f-string format specs
name = "Ada"
n = 1234567
pi = 3.14159265
print(f"[{name:>8}]")
print(f"[{name:<8}]")
print(f"[{name:^8}]")
print(f"[{name:*^9}]")
print(f"{pi:.3f} {pi:08.2f} {-pi:08.2f} {pi:e} {pi:.2e}")
print(f"{n:,} {n:_} {n:x} {n:X} {n:o} {n:b}")
print(f"{255:#x} {255:08b} {-42:5d} {42:+d}")
print(f"{name!r} {name!s} {'x'!r:>5}")
x = 10
y = 3
print(f"{x=}")
print(f"{x + y=}")
print(f"{name=!s} {pi=:.2f}")
print(f"{x / y:.4f} {x // y} {x % y}")
width = 7
prec = 2
print(f"[{pi:{width}.{prec}f}]")
print(f"{'nested ' + name}")
print(f"{{literal braces}} {x}")
items = [1, 2, 3]
print(f"{items} {items[1]} {len(items)} {dict(a=1)}")
print(f"{0.1 + 0.2} {1e16} {1 / 3:.10f}")
print(f"{3.0:g} {1e-7:g} {100000.0:g} {1e6:g}")
print(f"{'é':>3}|{True}|{None}|{True:d}")
print(f"{12.5:%} {0.5:.1%}")
print(f"{-0.0} {-0.0:.1f} {1.5:.0f} {2.5:.0f}")
