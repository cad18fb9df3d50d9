# repr() of strings with quotes and escapes
cases = ["plain", "it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline",
         "back\\slash", "\x00\x07\x1b", "\r", "caf\u00e9", "\u2603", "\x7f", "\x80",
         "", " ", "'", '"', "\u200b", "\U0001F600"]
for c in cases:
    print(repr(c))
print(["a'b", 'c"d', "e"])
print(("x",), ("x", "y"))
print({"k": "v's"})
print(str("tab\there"))
print(ascii("caf\u00e9 \u2603"))
print(repr(b"bytes\x00\xff'"))
print("%r and %s" % ("q", "q"))
print(len("\n\t\\"), "\101\x42\u0043")
print(r"raw\n\t", len(r"\n"))
