# A small class-based simulation: bank accounts
class InsufficientFunds(Exception):
    pass

class Account:
    next_id = 1
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.id = Account.next_id
        Account.next_id += 1
        self.history = []
    def deposit(self, amt):
        if amt <= 0:
            raise ValueError("amount must be positive")
        self.balance += amt
        self.history.append(("dep", amt))
        return self
    def withdraw(self, amt):
        if amt > self.balance:
            raise InsufficientFunds(f"{self.owner}: need {amt}, have {self.balance}")
        self.balance -= amt
        self.history.append(("wd", amt))
        return self
    def __repr__(self):
        return f"Account#{self.id}({self.owner!r}, {self.balance})"

class Savings(Account):
    rate = 0.05
    def add_interest(self):
        self.deposit(round(self.balance * self.rate, 2))

a = Account("ann", 100)
s = Savings("sam", 1000)
a.deposit(50).withdraw(30)
s.add_interest()
print(a, s, a.history, s.history)
for amt in [500, -5]:
    try:
        if amt > 0:
            a.withdraw(amt)
        else:
            a.deposit(amt)
    except InsufficientFunds as e:
        print("InsufficientFunds:", e)
    except ValueError as e:
        print("ValueError:", e)
accounts = sorted([s, a], key=lambda acc: acc.balance)
print(accounts, Account.next_id)
