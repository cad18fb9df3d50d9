# Function attributes: docstrings, assigned __doc__/__name__/__qualname__,
# __module__, and arbitrary attributes in the function's __dict__.
import threading


def documented():
    "The original docstring."


def undocumented():
    return "not a docstring"


print(documented.__doc__, undocumented.__doc__, (lambda: 0).__doc__)
documented.__doc__ = "Replaced."
print(documented.__doc__)
documented.__name__ = "renamed"
documented.__qualname__ = "Outer.renamed"
print(documented.__name__, documented.__qualname__)
print(repr(documented).split(" at ")[0])
try:
    documented.__name__ = 42
except TypeError as e:
    print("TypeError:", e)
print(documented.__module__, threading.current_thread.__module__)
documented.__module__ = "elsewhere"
print(documented.__module__)
documented.calls = 3
print(documented.calls, sorted(documented.__dict__))
