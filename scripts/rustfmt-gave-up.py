#!/usr/bin/env python3
"""Where rustfmt gives up: dedent every line of a copy (but lines that
start inside a string literal), let rustfmt re-indent it, and report the
lines it left unindented that the original indents."""
import subprocess, sys, os, re, tempfile

def in_string_starts(src):
    """For each line, whether it starts inside a string literal."""
    starts = [False]
    i, n = 0, len(src)
    state = None  # None, '"', ('r', hashes), 'line', ('block', depth)
    while i < n:
        c = src[i]
        if c == "\n":
            starts.append(state is not None and state != 'line')
            if state == 'line':
                state = None
            i += 1; continue
        if state is None:
            if src.startswith("//", i): state = 'line'; i += 2; continue
            if src.startswith("/*", i): state = ('block', 1); i += 2; continue
            m = re.match(r'b?r(#*)"', src[i:])
            if m and (i == 0 or not (src[i-1].isalnum() or src[i-1] == '_')):
                state = ('r', m.group(1)); i += m.end(); continue
            if c == '"': state = '"'; i += 1; continue
            if c == "'":
                m = re.match(r"'(\\.[^']*|[^\\'])'", src[i:])
                if m: i += m.end(); continue
            i += 1; continue
        if state == '"':
            if c == "\\" and i + 1 < n and src[i+1] != "\n": i += 2; continue
            if c == '"': state = None
            i += 1; continue
        if isinstance(state, tuple) and state[0] == 'r':
            end = '"' + state[1]
            if src.startswith(end, i): state = None; i += len(end); continue
            i += 1; continue
        if isinstance(state, tuple) and state[0] == 'block':
            if src.startswith("*/", i):
                d = state[1] - 1; state = None if d == 0 else ('block', d); i += 2; continue
            if src.startswith("/*", i): state = ('block', state[1] + 1); i += 2; continue
            i += 1; continue
        i += 1
    return starts

total = 0
for path in sys.argv[1:]:
    src = open(path).read()
    orig = src.split("\n")
    starts = in_string_starts(src)
    ded = [l if starts[k] else l.lstrip() for k, l in enumerate(orig)]
    code_lines = {o.strip() for k, o in enumerate(orig) if not starts[k] and o != o.lstrip()}
    r = subprocess.run(["rustfmt", "--edition", "2021", "--emit", "stdout"], input="\n".join(ded), capture_output=True, text=True)
    out = r.stdout
    if r.returncode != 0:
        print(path, "rustfmt failed", r.stderr[:300]); continue
    ostarts = in_string_starts(out)
    for k, l in enumerate(out.split("\n")):
        s = l.strip()
        if l and not ostarts[k] and not l[0].isspace() and s not in ("}", ")", "]", ");", "};", ") {", "{") and s in code_lines:
            print(f"{path}:{k+1}: {s[:110]}"); total += 1
print("total", total)
