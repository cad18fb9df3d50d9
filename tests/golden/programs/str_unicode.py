# Non-ASCII strings: length, case mapping, ord/chr, encoding, digits
s = "héllo wörld ☃"
print(s, len(s), s.upper(), s.title(), s[1], s[-1], s[::-1])
print(ord("é"), ord("☃"), ord("😀"), chr(233), chr(0x1F600), len("😀"))
print("straße".upper(), "ǅ".lower(), "ß".casefold() == "ss", "İ".lower() == "i̇")
print("é".encode("utf-8"), "☃".encode(), len("😀".encode()), b"\xc3\xa9".decode())
print(repr("é"), repr("\u00a0"), repr("\u2028"), ascii("é☃😀"))
print("١٢٣".isdigit(), int("١٢٣"), int("１２３"), float("٣.٥"))
print("ÀÉÎ".isupper(), "àéî".isalpha(), "²".isdigit(), "²".isdecimal(), "½".isnumeric())
print(sorted(["é", "e", "z", "É", "a"]), "é" > "z", max("aé☃"))
print("naïve café".split(" "), "x☃y".partition("☃"), "☃" * 3, "ab☃".find("☃"))
print(f"{'é':*^5}|{'☃':>3}|{'日本':<4}|", "日本語".center(7, "-"))
print(str("ñ".encode()), "Ω".lower(), "ω".upper(), "ﬁ".upper())
