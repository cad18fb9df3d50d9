# Uncaught KeyError after some successful lookups
prices = {"apple": 3, "pear": 5}
stock = dict(apple=1, pear=0)
print(sorted(stock), stock.get("kiwi"))
prices["plum"] = 7
total = 0
for fruit in ["apple", "pear", "plum", "kiwi"]:
    total += prices[fruit]
    print(fruit, prices[fruit], total)
print("unreachable", total)
