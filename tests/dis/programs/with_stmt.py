def use(cm):
    with cm as value:
        print(value)
    return "done"

def nested(a, b):
    with a, b as y:
        return y
