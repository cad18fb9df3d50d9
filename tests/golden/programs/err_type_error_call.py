# Uncaught TypeError from a call with wrong arguments
def area(w, h):
    return w * h

def report(shapes):
    for dims in shapes:
        print(dims, area(*dims))

report([(2, 3), (4, 5)])
report([(6,)])
