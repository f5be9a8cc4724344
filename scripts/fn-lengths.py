#!/usr/bin/env python3
"""List production Rust functions longer than N lines (default 100).
Skips #[cfg(test)] modules and test-only files (tests.rs, src/**/tests/).
Strings, raw strings, chars and comments are skipped across lines.
Usage: fnlen.py [N] [ROOT]"""
import os, re, sys
limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100
root = sys.argv[2] if len(sys.argv) > 2 else "src"
fn_re = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')

def code_mask(src):
    """src with string/char/comment contents replaced by spaces (newlines kept)."""
    out = list(src); i, n = 0, len(src)
    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n": out[k] = " "
    while i < n:
        if src.startswith("//", i):
            j = src.find("\n", i); j = n if j < 0 else j; blank(i, j); i = j; continue
        if src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j): depth += 1; j += 2
                elif src.startswith("*/", j): depth -= 1; j += 2
                else: j += 1
            blank(i, j); i = j; continue
        m = re.match(r'b?r(#*)"', src[i:i+300])
        if m and (i == 0 or not (src[i-1].isalnum() or src[i-1] == '_')):
            end = '"' + m.group(1); j = src.find(end, i + m.end()); j = n if j < 0 else j + len(end)
            blank(i, j); i = j; continue
        if src[i] == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            blank(i, j + 1); i = j + 1; continue
        if src[i] == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", src[i:i+12])
            if m: blank(i, i + m.end()); i += m.end(); continue
        i += 1
    return "".join(out)

out = []
for dp, _, fs in os.walk(root):
    if "/tests" in dp.replace("\\", "/") + "/" and dp.rstrip("/").endswith("tests"): continue
    for f in fs:
        if not f.endswith(".rs") or f == "tests.rs": continue
        p = os.path.join(dp, f)
        src = open(p, encoding="utf-8").read()
        lines = src.split("\n"); masked = code_mask(src).split("\n")
        end = len(lines)
        for i, l in enumerate(lines):
            if l.strip() == "#[cfg(test)]" and i + 1 < len(lines) and "mod " in lines[i+1]:
                end = i; break
        i = 0
        while i < end:
            m = fn_re.match(masked[i])
            if m:
                depth, started, j = 0, False, i
                while j < end:
                    s = masked[j]
                    for c in s:
                        if c == "{": depth += 1; started = True
                        elif c == "}": depth -= 1
                    if started and depth <= 0: break
                    if not started and s.rstrip().endswith(";"): break
                    j += 1
                if started and j - i + 1 > limit:
                    out.append((j - i + 1, f"{p}:{i+1}", m.group(6)))
            i += 1
for n, loc, name in sorted(out, reverse=True):
    print(f"{n:5} {loc} {name}")
