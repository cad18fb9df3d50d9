# Uncaught exception from a method, through a generator and a comprehension
class Parser:
    def tokens(self, text):
        for part in text.split(","):
            yield self.convert(part)
    def convert(self, part):
        return int(part.strip())

p = Parser()
print([t * 2 for t in p.tokens("1, 2, 3")])
print([t * 2 for t in p.tokens("4, five, 6")])
