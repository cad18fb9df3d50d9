# None semantics and function return values
def nothing():
    pass

def early(x):
    if x:
        return
    return "late"

print(nothing(), early(1), early(0), type(nothing()).__name__)
print(None == None, None is None, None != 0, not None, bool(None))
print([None] * 2, {None: "none-key"}[None], str(None), repr(None))
try:
    None + 1
except TypeError as e:
    print("TypeError:", e)
try:
    None < 1
except TypeError as e:
    print("TypeError:", e)
try:
    None.attr
except AttributeError as e:
    print("AttributeError:", e)
nothing_value = nothing()
try:
    nothing_value()
except TypeError as e:
    print("TypeError:", e)
try:
    len(None)
except TypeError as e:
    print("TypeError:", e)
result = [].sort()
print(result, [3, 1].sort(), {}.update({}))
print(max([None, None], key=lambda v: 0), sorted([None], key=str))
