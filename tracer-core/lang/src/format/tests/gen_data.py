#!/usr/bin/env python3
"""Regenerates data.rs: expected results computed by CPython 3.11.

Run from this directory with CPython 3.11:  python3 gen_data.py > data.rs
or, to check that data.rs is current (exit status 1 if not):
python3 gen_data.py --check
The random parts use a fixed seed, so the output is reproducible.
"""
import io
import pathlib
import random
import struct
import sys
import unicodedata

assert sys.version_info[:2] == (3, 11), "expected values must come from CPython 3.11"

rng = random.Random(20240611)


def rs_str(s):
    """A Rust string literal for s."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '\\':
            out.append('\\\\')
        elif ch == '"':
            out.append('\\"')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif ch == '\r':
            out.append('\\r')
        elif o < 0x20 or o == 0x7f or (o > 0x7f and unicodedata.category(ch)[0] in 'CZ'):
            out.append('\\u{%x}' % o)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def int_str(v):
    """str(v) without the int-to-str digit limit."""
    sys.set_int_max_str_digits(0)
    try:
        return str(v)
    finally:
        sys.set_int_max_str_digits(4300)


def rs_float(x):
    if x != x:
        return 'f64::NAN'
    if x == float('inf'):
        return 'f64::INFINITY'
    if x == float('-inf'):
        return 'f64::NEG_INFINITY'
    return repr(x)


def bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


def outcome(f):
    try:
        return '=' + f()
    except Exception as e:  # noqa: BLE001 - every exception is data here
        return '!%s: %s' % (type(e).__name__, e)


def random_double():
    """Random finite doubles spread over all magnitudes."""
    while True:
        x = struct.unpack('<d', struct.pack('<Q', rng.getrandbits(64)))[0]
        if x == x and abs(x) != float('inf'):
            return x


def random_nice():
    """Short decimals, which exercise ties and thresholds."""
    digits = rng.randint(1, 17)
    mant = rng.randint(1, 10 ** digits - 1)
    exp = rng.randint(-30, 30)
    x = float('%de%d' % (mant, exp))
    return -x if rng.random() < 0.3 else x


# ---------------------------------------------------------------- repr
repr_values = [
    0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 100.0, 1e16, 1e15, 1e17,
    9999999999999998.0, 1e-4, 1e-5, 0.0001, 0.00001, 0.00012345, 1.5e300, 1e22, 1e23,
    123456789012345.0, 1234567890123456.8, 5e-324, 1.7976931348623157e308,
    2.2250738585072014e-308, 2.225073858507201e-308, 2.0 ** 53, 2.0 ** 53 + 2.0, 2e16 + 8,
    float('inf'), float('-inf'), float('nan'), 4.35, 0.3, 1e-7, 123.456, 1e300 * 10,
]
for k in range(-25, 25):
    repr_values.append(10.0 ** k)
    repr_values.append(-(10.0 ** k) * 1.5)
for _ in range(1500):
    repr_values.append(random_double())
for _ in range(700):
    repr_values.append(random_nice())


def is_shortest_tie(x):
    """x lies exactly halfway between two equally short candidates."""
    from decimal import Decimal
    exact = Decimal(abs(x)).normalize().as_tuple().digits
    short = repr(abs(x)).split('e')[0].replace('.', '').strip('0')
    return len(exact) == len(short) + 1 and exact[-1] == 5


ties = 0
while ties < 60:
    x = float(rng.getrandbits(53) | (1 << 52)) * 2.0 ** rng.randint(-27, 70)
    if is_shortest_tie(x):
        repr_values.append(x if ties % 3 else -x)
        ties += 1

# ---------------------------------------------------------------- float format
float_specs = [
    '', 'e', 'E', 'f', 'F', 'g', 'G', '%', 'n', '.0', '.1', '.2', '.3', '.5', '.10', '.16', '.17',
    '.0e', '.1e', '.3e', '.16e', '.20e', '.0f', '.1f', '.2f', '.3f', '.10f', '.20f', '.0g', '.1g',
    '.2g', '.3g', '.6g', '.10g', '.16g', '.17g', '.20g', '#g', '#G', '#.0f', '#.0e', '#.3g', '#.1g',
    '#', '#.3', '#.0', '.0%', '.1%', '#.0%', ',', '_', ',.2f', '_.3f', ',g', ',e', ',.0%', '+', ' ',
    '+.2f', ' .3e', 'z', 'z.1f', '+z.2f', 'z.0e', 'zg', '10', '<10', '^10', '>10', '=10', '010',
    '010.2f', '+010.2f', '012,.2f', '020,.2f', '0=12', '*^12.3f', 'x<15e', '015_', '#010.0f', '.2n',
    '10.3n', '=+15,.3f', ' =12', '^', '0', '00', '1', '-', '-10.1f',
]
long_float_specs = ['.1000f', '.400e', '.800g', '#.30g', '.25e', '.40f']
float_bad_specs = [
    'd', 's', 'x', 'c', 'b', '.', ',_', '_,', '.2d', '99999999999999999999', '.3000000000f',
    '\u00e9', ',n', '_n', 'abc', '\x01', '.f', ',,', '__', '1000000000000',
]
core_floats = [
    0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, -2.5, 2.675, 0.125, 0.375, 1e16, 1e-5, 1e-4,
    0.0001234, 123456789.123, 1234567890123456.8, 123456789012345.0, 1e22, 1e23, 1.5e300,
    -1.5e-300, 5e-324, 1.7976931348623157e308, 9.5, 0.05, 0.95, 99.99, 999999.5, 9999999.0, 1e15,
    1e17, 12345.6789, -0.00001, 1 / 3, 2 / 3, float('inf'), float('-inf'), float('nan'), 100.0,
    1e100, 123.456, 0.000123, 1e-10, 0.999999, 9.999995e-5, -1234.5678, 4.35, 0.045, 999.9995,
    0.00095, 1e6, 1234567.0, -9.87654321e-7, 10.0, 0.015, 1.25, 5e-5,
]
float_cases = []
for v in core_floats:
    for s in float_specs:
        float_cases.append((v, s))
for v in [0.1, -2.5, 5e-324, 1e-300, 2.675, 1.7976931348623157e308, float('inf'), 1e22]:
    for s in long_float_specs:
        float_cases.append((v, s))
for v in [0.1, -2.5, float('inf'), float('nan'), 1e22]:
    for s in float_bad_specs:
        float_cases.append((v, s))
for _ in range(120):
    v = random_double() if rng.random() < 0.5 else random_nice()
    for s in rng.sample(float_specs, 12):
        float_cases.append((v, s))
# Precision sweep on ties and near-ties.
for v in [0.5, 1.5, 2.5, 0.125, 0.375, 2.675, 1.005, 1.115, 0.045, 8.345, 1234.5, 0.0625]:
    for p in range(0, 8):
        for t in 'efg':
            float_cases.append((v, '.%d%s' % (p, t)))

# ---------------------------------------------------------------- int format
int_values = [
    0, 1, -1, 7, -7, 42, 255, -255, 1000, 1234567, -1234567, 10 ** 20, -10 ** 20, 2 ** 64,
    2 ** 64 - 1, -(2 ** 63), 10 ** 15, 123456789012345678901234567890, 65, 0x10FFFF, 0x110000,
    2 ** 53 + 1, 1 << 100, -(1 << 100) + 12345, 9007199254740993, 0xDEADBEEF, 8, 9, 10, 99, 100,
    2 ** 63, -(2 ** 63) - 1,
]
# Values near the float range limit, with fewer specs (their output is long).
big_int_values = [2 ** 1023 * 3 // 2, 2 ** 1024, 2 ** 1024 - 2 ** 970, 2 ** 1024 - 2 ** 971,
                  -(2 ** 1024), 2 ** 1023 + 2 ** 970, 2 ** 1023 + 2 ** 970 + 1]
big_int_specs = ['', 'x', '_b', ',', 'e', '.3e', 'g', '.17g', 'f', '%', 'c', '+', '#o', 'n']
int_specs = [
    '', 'd', 'b', 'o', 'x', 'X', 'n', 'c', '#b', '#o', '#x', '#X', ',', '_', ',d', '_d', '_b',
    '_x', '#_x', '#_b', '_o', '+', ' ', '-', '+d', ' x', '10', '<10', '^10', '>10', '=10', '010',
    '+010', '010,', '012_x', '#012_x', '#012x', '#012X', '0=12', '*^12,', 'x<10', '=+12,', '015,',
    '016,', '017,', 'e', 'E', 'f', '.2f', 'g', '.3g', '%', '.1%', ',.2f', 'F', 'G', '.2', 'z', '+c',
    '#c', ',c', '5c', '<5c', '05c', 's', 'q', ',x', ',b', ',n', '_n', '.2d', '020_b', '=', '0',
    '00', '#', '#_o', '+#x', '-#o', ' #b', '#X', '_X', '#_X', 'z.2f', '#.3g', '^', '0^9', '0<9',
    '07', '1000000000000', '\u00e9', '\x01', 'abc', '\u0663', '\u0663\u0660_', '+0x',
]
int_cases = [(v, s) for v in int_values for s in int_specs]
int_cases += [(v, s) for v in big_int_values for s in big_int_specs]
int_cases += [(10 ** 4299, ''), (-10 ** 4299 + 1, '+,'), (10 ** 4300, 'd'), (-10 ** 4300, ''),
              (10 ** 4300, 'n'), (10 ** 4300, 'e'), (10 ** 4300, 'c'), (10 ** 5000, ',')]
for _ in range(150):
    v = rng.choice([rng.randint(-10 ** 6, 10 ** 6), rng.randint(-2 ** 200, 2 ** 200),
                    rng.randint(0, 300)])
    for s in rng.sample(int_specs, 8):
        int_cases.append((v, s))

# ---------------------------------------------------------------- str format
str_values = ['', 'a', 'abc', 'hello world', '\u00e9', '\u00fcn\u00efc\u00f6d\u00e9',
              '\u65e5\u672c\u8a9e', '\U0001f600x', 'a\tb']
str_specs = [
    '', 's', '10', '<10', '>10', '^10', '^11', '*^9', '.2', '.0', '10.2', '.10', '010', '=10', '+',
    '-', ' ', '#', 'z', ',', '_', 'd', 'x<8s', '\u00e9>7', '.3s', '0<5', '>0', '\u00e9^5', '5s',
    '^', '.', 'ss', '0', '00', '1000000000000', '99999999999999999999', '-5', '=', '>=5',
    '\U0001f600^6', '\u0663',
]
str_cases = [(v, s) for v in str_values for s in str_specs]


# ---------------------------------------------------------------- percent
def arg_expr(a):
    if isinstance(a, bool):
        raise TypeError('bool not supported in tests')
    if isinstance(a, int):
        return 'I(%s)' % rs_str(int_str(a))
    if isinstance(a, float):
        return 'F(%s)' % rs_float(a)
    return 'S(%s, %s)' % (rs_str(a), rs_str(repr(a)))


percent_cases = [
    ('%s %r %d %i %5.2f %-5d %05d %x %o %e %g %c %%',
     ('s', 'r', 1, 2, 3.14159, 4, 5, 255, 8, 12345.678, 0.0001, 65)),
    ('%5%', ()), ('%5%', (1,)), ('%', ()), ('%y', ()), ('%y', (1,)), ('%(a)s', (1,)),
    ('%*d', (5, 3)), ('%*d', ('a', 3)), ('%-*d', (-5, 3)), ('%*d', (-5, 3)), ('%.*f', (2, 1.2345)),
    ('%.*f', (-2, 1.2345)), ('%.*f', (2.0, 1.2345)), ('%*.*f', (10, 3, 3.14159)),
    ('%#08o', (8,)), ('%#08x', (-42,)), ('%+#08x', (42,)), ('%-05d', (3,)), ('%.5d', (-42,)),
    ('%c', (3.0,)), ('%c', ('ab',)), ('%c', ('',)), ('%c', ('\u00e9',)), ('%c', (0x1F600,)),
    ('%x', (3.0,)), ('%X', ('a',)), ('%o', (1.5,)), ('%d', (3.7,)), ('%d', (-3.7,)), ('%i', (1e20,)),
    ('%d', ('a',)), ('%d', (float('inf'),)), ('%d', (float('-inf'),)), ('%d', (float('nan'),)),
    ('%f', ('a',)), ('%f', (2 ** 1024,)), ('%e', (2 ** 1023,)), ('%s', ()), ('%s %s', (1,)),
    ('%s', (1, 2)), ('%ld %hi %Lf', (1, 2, 3.0)), ('%99999999999999999999d', (1,)),
    ('%.99999999999d', (1,)), ('%.2147483647d', (1,)), ('%.2147483645d', (1,)),
    ('%.3s', ('abcdef',)), ('%a', ('\u00e9\u1234\U0001f600',)),
    ('%5c', (65,)), ('%-5c', (65,)), ('%05c', (65,)), ('%.1c', (65,)), ('%05s', ('a',)),
    ('%+s', ('a',)), ('% d', (5,)), ('%#.3g', (1.0,)), ('%c', (-1,)), ('%c', (2 ** 70,)),
    ('%c', (0x110000,)), ('%\u00e9', (1,)), ('abc%', ()), ('%(', ()), ('%-', (1,)), ('%.', (1,)),
    ('%5', (1,)), ('%l', (1,)), ('%*', (1,)), ('%.*', (1,)), ('%5.', (1,)), ('%\x00', (1,)),
    ('no conversions', ()), ('no conversions', (1,)), ('', ()), ('%%', ()), ('%%%s%%', ('x',)),
    ('\u00e9%s\u00e9%5s|', ('\u65e5', '\u65e5')), ('%-10r|', ('\u00e9',)), ('%10a|', ('\u00e9',)),
    ('%.2r', ('abc',)), ('%s', (10 ** 4300,)), ('%x', (10 ** 4300 // 10 ** 4000,)),
    ('%d', (10 ** 4299,)), ('%r', (1.5,)), ('%s', (1e16,)), ('%s', (-0.0,)), ('%r', (10 ** 20,)),
    ('%#x|%#X|%#o|%#d', (255, 255, 8, 5)), ('%+.3e|% .3E', (12345.6789, -0.000123)),
    ('%F|%E|%G', (float('inf'), float('nan'), float('-inf'))), ('%g|%g|%g', (1e-5, 1e16, 123456789)),
    ('%#g|%#.0f|%#.0e', (1.0, 2.0, 3.0)), ('%010.3f|%-10.3f|%+10.3f', (-3.14159,) * 3),
    ('%.0f %.0f %.0f %.0f', (0.5, 1.5, 2.5, -0.5)), ('%.2f', (2.675,)), ('%.2f', (0.125,)),
    ('%5.1s|', ('xyz',)), ('%*s|', (-6, 'ab')), ('%-*s|', (-6, 'ab')), ('%*s', (2 ** 63, 'a')),
    ('%*s', (-(2 ** 63), 'a')), ('%.*s', (2 ** 31, 'a')), ('%.*s', (-(2 ** 70), 'a')),
    ('%0-8.3d|%-08.3d', (-7, 7)), ('% 08.3f|%+ d', (2.5, 3)), ('%#5x|%#-8X|', (-1, 1)),
    ('%#.5x|%#.5o', (255, -8)), ('%#012.5x', (255,)), ('%u', (-12,)), ('%d', (True and 1,)),
]
numeric_values = [0, 7, -42, 255, 10 ** 20, -(2 ** 70), 3.14159, -0.5, 0.0, -0.0, 1e16, 2.5e-7,
                  123456.789, float('inf'), float('nan'), 'abc', '\u00e9', 'Z']
flag_choices = ['', '-', '+', ' ', '#', '0', '-0', '+0', '#0', '+#', ' 0', '#-', '+ ']
for conv in 'diuoxXeEfFgGcsra':
    for _ in range(45):
        fl = rng.choice(flag_choices)
        w = rng.choice(['', '', '1', '5', '12'])
        p = rng.choice(['', '', '.0', '.1', '.3', '.10'])
        v = rng.choice(numeric_values)
        percent_cases.append(('[%' + fl + w + p + conv + ']', (v,)))


# ---------------------------------------------------------------- emit
def main():
    out = io.StringIO()
    w = out.write
    w('// @generated by gen_data.py from CPython 3.11 -- do not edit.\n')
    w('//\n// Expected values start with "=" (the result) or "!" (exception class: message).\n\n')
    w('// Generated literals: bit patterns and CPython reprs, kept verbatim.\n')
    w('#![allow(clippy::unreadable_literal, clippy::approx_constant, clippy::excessive_precision)]\n\n')
    w('use super::A::{self, F, I, S};\n\n')

    w('/// (f64 bits, repr)\n')
    w('pub const REPR: &[(u64, &str)] = &[\n')
    for x in repr_values:
        w('    (0x%016x, %s),\n' % (bits(x), rs_str(repr(x))))
    w('];\n\n')

    w('/// (value, spec, expected)\n')
    w('pub const FLOAT_FORMAT: &[(f64, &str, &str)] = &[\n')
    for v, s in float_cases:
        w('    (%s, %s, %s),\n' % (rs_float(v), rs_str(s), rs_str(outcome(lambda: format(v, s)))))
    w('];\n\n')

    w('/// (decimal value, spec, expected)\n')
    w('pub const INT_FORMAT: &[(&str, &str, &str)] = &[\n')
    for v, s in int_cases:
        w('    (%s, %s, %s),\n' % (rs_str(int_str(v)), rs_str(s), rs_str(outcome(lambda: format(v, s)))))
    w('];\n\n')

    w('/// (value, spec, expected)\n')
    w('pub const STR_FORMAT: &[(&str, &str, &str)] = &[\n')
    for v, s in str_cases:
        w('    (%s, %s, %s),\n' % (rs_str(v), rs_str(s), rs_str(outcome(lambda: format(v, s)))))
    w('];\n\n')

    w('/// (template, args, expected)\n')
    w('pub const PERCENT: &[(&str, &[A], &str)] = &[\n')
    for t, args in percent_cases:
        w('    (%s, &[%s], %s),\n' % (rs_str(t), ', '.join(arg_expr(a) for a in args),
                                      rs_str(outcome(lambda: t % args))))
    w('];\n')
    text = out.getvalue()
    if sys.argv[1:] == ['--check']:
        target = pathlib.Path(__file__).with_name('data.rs')
        if target.read_text(encoding='utf-8') != text:
            sys.exit(f'{target} is not what gen_data.py generates: regenerate it')
        print(f'ok: {target.name} is current')
    else:
        sys.stdout.write(text)


main()
