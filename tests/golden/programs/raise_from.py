# raise ... from ..., __cause__, __context__
class ParseError(Exception):
    pass

def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise ParseError(f"cannot parse {s!r}") from e

try:
    parse("abc")
except ParseError as e:
    print(e, type(e.__cause__).__name__, e.__cause__, e.__suppress_context__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("during handling")
except KeyError as e:
    print(repr(e), type(e.__context__).__name__, e.__cause__, e.__suppress_context__)

try:
    try:
        [][1]
    except IndexError:
        raise RuntimeError("hidden") from None
except RuntimeError as e:
    print(e, e.__cause__, type(e.__context__).__name__, e.__suppress_context__)

try:
    raise ValueError("direct") from TypeError("cause")
except ValueError as e:
    print(e, repr(e.__cause__))

def reraise():
    try:
        raise OSError("os")
    except OSError as e:
        raise

try:
    reraise()
except OSError as e:
    print("reraised", e, e.__context__)
print(parse("12") + 1)
