# The collector frees an instance and its dict; the next instance takes
# their ids. Attribute lookups must not remember the old dict's keys.
class A:
    def __init__(self):
        self.a = 1
        self.b = 2
        self.c = 3


class B:
    def __init__(self):
        self.x = 1
        self.y = 2
        self.m = 3


def probe(o):
    try:
        return o.m
    except AttributeError:
        return None


def churn():
    junk = [[] for _ in range(120000)]
    del junk
    for _ in range(5000):
        pass


wrong = 0
for i in range(5):
    a = A()
    probe(a)
    del a
    churn()
    b = B()
    if probe(b) != 3:
        wrong += 1
print("wrong lookups:", wrong)
