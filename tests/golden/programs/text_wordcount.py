# Word frequency over a fixed text
text = """It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness,
it was the epoch of belief, it was the epoch of incredulity"""
words = []
for raw in text.lower().split():
    w = raw.strip(",.")
    if w:
        words.append(w)
print(len(words), len(set(words)))
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
for w, n in top:
    print(f"{w:<12}{n:>3} {'#' * n}")
lengths = {}
for w in freq:
    lengths.setdefault(len(w), []).append(w)
for k in sorted(lengths):
    print(k, sorted(lengths[k]))
lines = text.split("\n")
print([len(l) for l in lines], max(lines, key=len)[:20])
print(text.count("it was"), text.lower().count("it was"), text.find("age"), text.rfind("age"))
acronym = "".join(w[0].upper() for w in "portable network graphics".split())
print(acronym)
