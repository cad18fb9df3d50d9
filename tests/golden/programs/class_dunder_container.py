# Container protocol: __len__, __getitem__, __setitem__, __delitem__, __contains__, __iter__, __next__
class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.cells = [0] * (w * h)
    def __len__(self):
        return len(self.cells)
    def __getitem__(self, key):
        r, c = key
        return self.cells[r * self.w + c]
    def __setitem__(self, key, value):
        r, c = key
        self.cells[r * self.w + c] = value
    def __contains__(self, value):
        return value in self.cells

g = Grid(3, 2)
g[1, 2] = 7
g[0, 0] = 1
print(len(g), g[1, 2], g[0, 1], 7 in g, 8 in g, g.cells)

class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1

print(list(Countdown(5)), sum(Countdown(4)))
it = iter(Countdown(2))
print(next(it), next(it), next(it, "done"))

class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i

print(list(Seq()), 9 in Seq(), [x for x in Seq()])
