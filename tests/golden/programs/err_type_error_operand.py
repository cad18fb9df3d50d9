# Uncaught TypeError from unsupported operand types
def accumulate(values):
    total = 0
    for v in values:
        total = total + v
        print("running total", total)
    return total

print(accumulate([1.5, 2]))
print(accumulate([1, 2, "3"]))
