def nested(x):
    try:
        try:
            return 1 / x
        except ZeroDivisionError:
            raise ValueError("zero")
    except ValueError as e:
        print(e)
        raise
    finally:
        print("done")
