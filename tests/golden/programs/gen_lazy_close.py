# Generator laziness, close() running finally, generator type
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1

def lazy():
    print("started")
    yield 1
    print("resumed")
    yield 2
    print("finishing")

lz = lazy()
print("created")
for v in lz:
    print("got", v)

def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")

wf = with_finally()
print(next(wf))
wf.close()
print("closed")
gg = count_up(2)
print(type(gg).__name__, iter(gg) is gg)
