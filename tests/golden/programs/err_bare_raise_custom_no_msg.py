# Uncaught exception with no message, after handled exceptions
class Stop(Exception):
    pass

for i in range(3):
    try:
        if i < 2:
            raise KeyError(i)
    except KeyError as e:
        print("handled", e)
raise Stop
