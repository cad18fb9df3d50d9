"""Generates unicode.rs from CPython 3.11's unicodedata.

Run with CPython 3.11:  python3 gen_unicode.py > unicode.rs
or, to check that unicode.rs is current (exit status 1 if not):
python3 gen_unicode.py --check
"""
import pathlib
import sys
import unicodedata

assert sys.version_info[:2] == (3, 11), "the tables must come from CPython 3.11"

def runs(pred):
    out = []
    start = None
    for c in range(0x110000):
        ok = pred(chr(c))
        if ok and start is None:
            start = c
        if not ok and start is not None:
            out.append((start, c - 1))
            start = None
    if start is not None:
        out.append((start, 0x10FFFF))
    return out

def table(name, doc, rs):
    lines = [f"/// {doc}", "#[rustfmt::skip]", f"pub(super) const {name}: &[(u32, u32)] = &["]
    row = []
    for a, b in rs:
        row.append(f"(0x{a:X}, 0x{b:X})")
        if len(row) == 6:
            lines.append("    " + ", ".join(row) + ",")
            row = []
    if row:
        lines.append("    " + ", ".join(row) + ",")
    lines.append("];")
    return "\n".join(lines)

def casefold_table():
    entries = [(c, chr(c).casefold()) for c in range(0x110000) if chr(c).casefold() != chr(c).lower()]
    lines = [
        "/// Characters whose full case folding (`str.casefold`) differs from their",
        "/// lower case, with their folding.",
        "#[rustfmt::skip]",
        "pub(super) const CASEFOLD: &[(u32, &str)] = &[",
    ]
    row = []
    for c, folded in entries:
        text = "".join(ch if 0x20 <= ord(ch) < 0x7F else "\\u{%X}" % ord(ch) for ch in folded)
        row.append(f'(0x{c:X}, "{text}")')
        if len(row) == 6:
            lines.append("    " + ", ".join(row) + ",")
            row = []
    if row:
        lines.append("    " + ", ".join(row) + ",")
    lines.append("];")
    return "\n".join(lines)

parts = [
    "//! Unicode character classes as CPython 3.11 sees them (Unicode "
    + unicodedata.unidata_version + "),",
    "//! generated from CPython's `unicodedata` by `gen_unicode.py` beside this file.",
    "//! Each table is a sorted list of inclusive code point ranges.",
    "",
    "// Generated data: keep the long tables on few lines.",
    "#![allow(clippy::unreadable_literal)]",
    "",
    table("DECIMAL", "`str.isdecimal` (general category Nd).", runs(str.isdecimal)),
    "",
    table("DIGIT", "`str.isdigit` (`Numeric_Type` Decimal or Digit).", runs(str.isdigit)),
    "",
    table("NUMERIC", "`str.isnumeric` (any `Numeric_Type`).", runs(str.isnumeric)),
    "",
    table("ALPHA", "`str.isalpha` (general categories Lu, Ll, Lt, Lm, Lo).", runs(str.isalpha)),
    "",
    table("XID_START", "Characters that may start an identifier (`str.isidentifier`).", runs(lambda c: c.isidentifier())),
    "",
    table("XID_CONTINUE", "Characters that may continue an identifier.", runs(lambda c: ("a" + c).isidentifier())),
    "",
    table("PRINTABLE", "`str.isprintable` (everything but categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs other than space).", runs(str.isprintable)),
    "",
    casefold_table(),
    "",
    "/// `true` if `c` lies in one of `table`'s ranges.",
    "pub(super) fn in_table(table: &[(u32, u32)], c: char) -> bool {",
    "    let cp = u32::from(c);",
    "    table",
    "        .binary_search_by(|&(lo, hi)| {",
    "            if hi < cp {",
    "                std::cmp::Ordering::Less",
    "            } else if lo > cp {",
    "                std::cmp::Ordering::Greater",
    "            } else {",
    "                std::cmp::Ordering::Equal",
    "            }",
    "        })",
    "        .is_ok()",
    "}",
    "",
]
text = "\n".join(parts)
if sys.argv[1:] == ["--check"]:
    target = pathlib.Path(__file__).with_name("unicode.rs")
    if target.read_text(encoding="utf-8") != text:
        sys.exit(f"{target} is not what gen_unicode.py generates: regenerate it")
    print(f"ok: {target.name} is current")
else:
    print(text, end="")
