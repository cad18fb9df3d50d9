# assert statement
def check(x):
    assert x > 0, f"x must be positive, got {x}"
    return x * 2

print(check(5))
try:
    check(-1)
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert 1 == 2
except AssertionError as e:
    print("bare:", repr(e), e.args)
assert True, "never"
assert [1], "non-empty list is truthy"
try:
    assert [], "empty list"
except AssertionError as e:
    print(e)
count = 0
def side():
    global count
    count += 1
    return "msg"
assert True, side()
print("count", count)
try:
    assert 0, side()
except AssertionError as e:
    print(e, "count", count)
try:
    assert None, ("tuple", 1)
except AssertionError as e:
    print(e.args)
