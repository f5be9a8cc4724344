#!/usr/bin/env bash
# Builds cfp.exe for 64-bit Windows on Linux and zips it with the README,
# the shipped plan and the examples, so that a Windows user can unzip it
# and run the README's tour as written:
#
#   bash scripts/windows-zip.sh      # -> target/dist/cfp-VERSION-windows-x86_64.zip
#
# Needs rustup's x86_64-pc-windows-gnu target and mingw's linker (Debian's
# gcc-mingw-w64-x86-64), which it installs where missing.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target list --installed | grep -qx x86_64-pc-windows-gnu ||
  rustup target add x86_64-pc-windows-gnu
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || {
  apt-get update -q && apt-get install -y -q gcc-mingw-w64-x86-64
}
cargo build --release --locked --target x86_64-pc-windows-gnu --bin cfp

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
name="cfp-$version-windows-x86_64"
mkdir -p target/dist
zip="target/dist/$name.zip"
# Written beside and renamed into place: a failed run leaves no half zip.
python3 - "$zip" "$name" <<'PY'
import os, sys, zipfile
zip_path, name = sys.argv[1], sys.argv[2]
partial = zip_path + ".partial"
files = ["target/x86_64-pc-windows-gnu/release/cfp.exe", "README.md"]
for folder in ["data", "examples", "docs"]:
    for root, _, names in os.walk(folder):
        files += [os.path.join(root, n) for n in sorted(names)]
with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
    for f in files:
        inside = "cfp.exe" if f.endswith("cfp.exe") else f
        z.write(f, f"{name}/{inside}")
os.replace(partial, zip_path)
print(zip_path)
PY
