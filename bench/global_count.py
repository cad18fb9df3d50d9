# A 400,000-iteration `count += 1` loop on a global (issue 2 benchmark).
count = 0

def work():
    global count
    for _ in range(400_000):
        count += 1

work()
print(count)
