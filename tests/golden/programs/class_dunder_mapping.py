# Mapping-like class: __setitem__/__getitem__/__delitem__/__iter__/__len__ and truthiness
class Bag:
    def __init__(self):
        self.d = {}
    def __setitem__(self, k, v):
        self.d[k] = v
    def __getitem__(self, k):
        return self.d[k]
    def __delitem__(self, k):
        del self.d[k]
    def __iter__(self):
        return iter(sorted(self.d))
    def __len__(self):
        return len(self.d)

b = Bag()
b["z"] = 1
b["a"] = 2
b["m"] = 3
del b["m"]
print(list(b), len(b), b["a"], bool(b), bool(Bag()))
