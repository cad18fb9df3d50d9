# Uncaught UnboundLocalError
count = 10

def read():
    return count

def increment():
    count += 1
    return count

print(count, read())
increment()
