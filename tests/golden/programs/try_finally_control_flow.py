# finally with continue/break, nested try, except-variable scoping
def loop_control():
    res = []
    for i in range(4):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            res.append(i)
        finally:
            res.append(f"f{i}")
    return res

print(loop_control())

def nested():
    try:
        try:
            raise ValueError("inner")
        finally:
            print("inner finally")
    except ValueError as e:
        print("outer caught", e)
    try:
        raise TypeError("t")
    except TypeError as e:
        err = e
    print(type(err).__name__)
    try:
        e
    except NameError:
        print("e deleted after except")

nested()

def swallow_in_finally():
    for i in range(2):
        try:
            raise ValueError(i)
        finally:
            continue
    return "swallowed"

print(swallow_in_finally())
