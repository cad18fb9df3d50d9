# with statement semantics
class Resource:
    log = []
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        Resource.log.append("open " + self.name)
        return self
    def __exit__(self, et, ev, tb):
        Resource.log.append("close " + self.name + (" with " + et.__name__ if et else ""))
        return False

with Resource("a") as r:
    Resource.log.append("use " + r.name)
try:
    with Resource("b"), Resource("c"):
        raise IndexError
except IndexError:
    Resource.log.append("handled")
for line in Resource.log:
    print(line)

class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return None
    def __exit__(self, et, ev, tb):
        return et is not None and issubclass(et, self.types)

with Suppress(KeyError, ValueError) as s:
    print("s is", s)
    int("x")
    print("not reached")
print("continued")
try:
    with Suppress(KeyError):
        1 / 0
except ZeroDivisionError:
    print("not suppressed")

def gen_in_with():
    with Resource("g"):
        yield 1
        yield 2

Resource.log.clear()
print(list(gen_in_with()), Resource.log)
