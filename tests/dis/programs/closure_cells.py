def make_adder(n):
    def add(x):
        return x + n
    return add

def make_pair():
    a = 1
    b = 2
    def get():
        return a + b
    return get
