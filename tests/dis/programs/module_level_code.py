import sys

VALUES = [1, 2, 3]
total = 0
for v in VALUES:
    total += v

if __name__ == "__main__":
    print(total, len(sys.argv) >= 1)
