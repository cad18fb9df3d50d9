# Uncaught ZeroDivisionError
def average(xs):
    return sum(xs) / len(xs)

for data in ([1, 2, 3], [10], [2.5, 3.5]):
    print(average(data))
empty = [x for x in range(5) if x > 10]
print("empty list:", empty)
print(average(empty))
print("unreachable")
