def safe_div(a, b):
    try:
        r = a / b
    except ZeroDivisionError as e:
        print("error", e)
        r = None
    except (TypeError, ValueError):
        r = -1
    else:
        print("ok")
    finally:
        print("finally")
    return r
