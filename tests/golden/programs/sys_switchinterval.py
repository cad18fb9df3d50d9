# sys.getswitchinterval / sys.setswitchinterval as CPython 3.11 keeps them:
# whole microseconds, at least one when the GIL is requested.
import sys

print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
sys.setswitchinterval(2)
print(sys.getswitchinterval())
sys.setswitchinterval(True)
print(sys.getswitchinterval())
sys.setswitchinterval(1e-7)
print(sys.getswitchinterval())
sys.setswitchinterval(0.0000123)
print(sys.getswitchinterval())
for bad in (0, -1.5, "x", None):
    try:
        sys.setswitchinterval(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
# Beyond C's unsigned long, and NaN, as CPython's x86-64 Linux builds convert.
for huge in (1.8e13, 1e30, float("inf"), float("nan")):
    sys.setswitchinterval(huge)
    print(sys.getswitchinterval())
print(sys.setswitchinterval(0.005), sys.getswitchinterval())
