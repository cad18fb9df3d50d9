# isinstance, type, constructors
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, float)), isinstance("s", (list, tuple)))
print(isinstance([], list), isinstance({}, dict), isinstance(None, type(None)), isinstance(int, type))
print(type(1).__name__, type(1.0).__name__, type("").__name__, type([]).__name__, type(()).__name__)
print(type({}).__name__, type(set()).__name__, type(None).__name__, type(len).__name__, type(lambda: 0).__name__)
print(type(1) is int, type(True) is int, type(True) is bool, type(type) is type)
print(int(), int("42"), int("-ff", 16), int("0b101", 0), int("0o17", 0), int(7.9), int(True), int("1_000"))
print(float(), float("2.5"), float(3), float("-inf"), float(" 1e3 "))
print(str(), str(1), str(1.5), str([1, "a"]), str(None), str(b"x"))
print(bool(), bool(0), bool(0.0), bool(""), bool([]), bool({}), bool(None), bool("0"), bool([0]), bool(-1))
print(list(), list("ab"), list((1, 2)), list({1: "a", 2: "b"}), list(range(3)))
print(tuple(), tuple([1]), tuple("xy"), dict(), dict(a=1), dict([("k", "v")]), dict({"x": 1}, y=2))
print(set(), set([1, 1, 2]), set("aaa"), frozenset(range(3)))
print(int("  12  "), int("Z", 36), int(-3.99), int("-0"))
for bad in ["1.5", "", "abc", "12abc", "0x10"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    float("nope")
except ValueError as e:
    print("ValueError:", e)
try:
    int([1])
except TypeError as e:
    print("TypeError:", e)
print(type("x")("abc"), type(5)(3.7), bool.__name__, int.__name__)
print(callable(len), callable("x"), callable(int))
