# Uncaught IndexError (loop runs off the end of a list)
items = [10, 20, 30]
print(items[-1], items[0:10])
i = 0
while True:
    print(items[i])
    i += 1
    if i > 10:
        break
print("unreachable")
