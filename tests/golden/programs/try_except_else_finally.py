# try/except/else/finally ordering
def run(x):
    log = []
    try:
        log.append("try")
        r = 10 // x
        log.append("computed")
    except ZeroDivisionError:
        log.append("except")
        r = None
    else:
        log.append("else")
    finally:
        log.append("finally")
    return r, log

print(run(2))
print(run(0))

def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"

print(finally_overrides())

def finally_runs_on_return():
    out = []
    try:
        out.append(1)
        return out
    finally:
        out.append(2)

print(finally_runs_on_return())
