# List methods
a = [3, 1, 4]
a.append(1)
a.extend([5, 9])
a.insert(0, 2)
a.insert(100, 6)
a.insert(-1, 7)
print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.index(4), a.count(1), a.count(42))
b = a.copy()
b.sort()
print(a, b)
b.sort(reverse=True)
print(b)
b.reverse()
print(b)
c = b
c.clear()
print(b, c, len(b))
words = ["banana", "Apple", "cherry", "date"]
words.sort(key=str.lower)
print(words)
words.sort(key=len)
print(words)
print([1, 2] + [3], [0] * 4, [[0] * 2] * 2)
x = [1, 2, 3]
x += [4]
x *= 2
print(x)
print([1, 2, 3] < [1, 2, 4], [1, 2] < [1, 2, 0], [2] > [1, 99], [] == [])
print(3 in x, 10 not in x, min(x), max(x), sum(x))
try:
    x.remove(42)
except ValueError as e:
    print("ValueError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    x.index(99)
except ValueError as e:
    print("ValueError:", e)
