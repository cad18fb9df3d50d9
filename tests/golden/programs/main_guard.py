# if __name__ == "__main__" guard and module-level names
def helper():
    return "helper called"

print("module name:", __name__)

class Thing:
    pass

print(Thing.__module__, helper.__module__, helper.__qualname__)

def outer():
    def inner():
        pass
    return inner

print(outer().__qualname__)

def main():
    print(helper())
    return 0

if __name__ == "__main__":
    status = main()
    print("status", status)
else:
    print("imported")
