# global statement
counter = 0
items = []

def bump():
    global counter
    counter += 1
    return counter

def add_item(x):
    items.append(x)

def define_new():
    global brand_new
    brand_new = "created"

bump()
bump()
print(counter, bump())
add_item("a")
add_item("b")
print(items)
define_new()
print(brand_new)

def read_only():
    return counter * 10

print(read_only())

def local_shadow():
    counter = -1
    return counter

print(local_shadow(), counter)

def unbound():
    try:
        print(counter)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    counter = 5
    return counter

print(unbound())
print("counter" in globals(), "nope" in globals())
