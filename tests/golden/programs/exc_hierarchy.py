# Exception hierarchy and matching
def classify(exc):
    try:
        raise exc
    except ZeroDivisionError:
        return "zero"
    except (KeyError, IndexError) as e:
        return "lookup:" + type(e).__name__
    except ArithmeticError:
        return "arith"
    except Exception as e:
        return "exception:" + type(e).__name__

for exc in [ZeroDivisionError("z"), KeyError("k"), IndexError("i"), OverflowError("o"),
            ValueError("v"), TypeError("t"), UnboundLocalError("u"), RuntimeError("r"),
            NotImplementedError(), RecursionError(), StopIteration()]:
    print(type(exc).__name__, "->", classify(exc))

print(issubclass(KeyError, LookupError), issubclass(LookupError, Exception))
print(issubclass(UnboundLocalError, NameError), issubclass(RecursionError, RuntimeError))
print(issubclass(Exception, BaseException), issubclass(KeyboardInterrupt, Exception))
print(issubclass(bool, int), issubclass(ModuleNotFoundError, ImportError))
e = ValueError("bad", 42)
print(e.args, str(e), repr(e))
print(str(KeyError("k")), str(KeyError()), repr(KeyError("k")), str(ValueError()))
print(repr(Exception("a", "b")), str(Exception("a", "b")))

class AppError(Exception):
    pass

class DbError(AppError):
    def __init__(self, code):
        super().__init__(f"db failure {code}")
        self.code = code

try:
    raise DbError(7)
except AppError as e:
    print(type(e).__name__, e, e.code, e.args, isinstance(e, Exception))
try:
    try:
        {}["x"]
    except KeyError:
        raise
except LookupError as e:
    print("re-raised", repr(e))
