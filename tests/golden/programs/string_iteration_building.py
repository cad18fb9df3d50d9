# Building strings: concatenation, join, multiplication, iteration
s = ""
for i in range(5):
    s += str(i) * i
print(s, len(s))
words = ["alpha", "beta", "gamma"]
print(" ".join(words), ",".join(w[0] for w in words), "".join([]))
print([c for c in "héllo"], list("ab\ncd"))
print("abc" < "abd", "Z" < "a", "apple" < "apples", "" < "a", "b" > "abc")
caesar = "".join(chr((ord(c) - 97 + 3) % 26 + 97) if c.isalpha() else c for c in "xyz abc")
print(caesar)
rev_words = " ".join(reversed("one two three".split()))
print(rev_words)
counts = {}
for ch in "hello world":
    if ch != " ":
        counts[ch] = counts.get(ch, 0) + 1
print(counts)
print("ab" * 0, "ab" * -1, 3 * "xy")
palins = [w for w in ["level", "hello", "noon", "a", ""] if w == w[::-1]]
print(palins)
print("a-b-c".split("-", 1), "a b".split(" ", 0), "".split(), "".split(","))
text = "line1\nline2\n\nline4"
for n, line in enumerate(text.split("\n"), 1):
    print(n, repr(line))
print(str(12) + "3", int("12") + 3, "%s%s" % (1, 2))
print("abc".encode(), "é".encode(), b"abc".decode(), len("é".encode()))
print("abcabc".replace("", "-"), "aaa".replace("a", "aa"))
