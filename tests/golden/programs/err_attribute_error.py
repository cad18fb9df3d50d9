# Uncaught AttributeError on an instance
class User:
    def __init__(self, name):
        self.name = name

    def greet(self):
        return "hi " + self.name

u = User("ann")
print(u.name, u.greet())
print(u.email)
