#!/usr/bin/env python3
"""Brings a persistent copy of the repository's tracked files up to date with a checkout.

    python3 .ci/sync_tree.py CHECKOUT COPY

Cargo decides whether a workspace crate must be compiled again from the modification times of
its source files: a fresh clone gives every file a new time, so every workspace crate compiles
again in every profile (test, clippy, doc, release wheel, WASM, fuzz) even when nothing changed.
CI therefore builds in a copy kept outside the clone, at a fixed path next to its target
directory, and brings it up to date here the way an editor would: a file whose bytes differ is
written again (and gets a new time, so Cargo rebuilds what depends on it), a file whose bytes are
equal is left as it is, a file that is no longer tracked is removed. Cargo's own rules then
decide, as they do in any working copy, so the copy is as safe as a developer's checkout.

The files are those `git ls-files` lists in CHECKOUT: tracked files as they are in the working
tree, and new files git does not ignore. The list of the previous sync is kept in COPY/.synced-files, so a file
deleted from the repository is deleted from the copy too; files the build writes (pkg/,
node_modules/, ...) are never in the list and are left alone.
"""

import os
import subprocess
import sys


def tracked(checkout: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", checkout, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout
    # A tracked file deleted in the working tree is not copied (as it is not in the checkout).
    paths = dict.fromkeys(p for p in out.decode().split("\0") if p)
    return [p for p in paths if os.path.lexists(os.path.join(checkout, p))]


def same(a: str, b: str) -> bool:
    try:
        if os.path.islink(a) or os.path.islink(b):
            return os.path.islink(a) and os.path.islink(b) and os.readlink(a) == os.readlink(b)
        sa, sb = os.stat(a), os.stat(b)
        if sa.st_size != sb.st_size or (sa.st_mode & 0o111) != (sb.st_mode & 0o111):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except FileNotFoundError:
        return False


def copy(src: str, dst: str) -> None:
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.isdir(dst) and not os.path.islink(dst):
        raise SystemExit(f"sync_tree: {dst} is a folder in the copy, a file in the checkout")
    if os.path.islink(src):
        if os.path.lexists(dst):
            os.remove(dst)
        os.symlink(os.readlink(src), dst)
        return
    tmp = dst + ".sync-tmp"
    with open(src, "rb") as fs, open(tmp, "wb") as fd:
        fd.write(fs.read())
    os.chmod(tmp, os.stat(src).st_mode & 0o777)
    os.replace(tmp, dst)


def main() -> None:
    checkout, mirror = sys.argv[1], sys.argv[2]
    files = tracked(checkout)
    os.makedirs(mirror, exist_ok=True)
    listing = os.path.join(mirror, ".synced-files")
    before: set[str] = set()
    if os.path.exists(listing):
        with open(listing, encoding="utf-8") as f:
            before = {line for line in f.read().split("\0") if line}
    # The list first marks the sync as under way: an interrupted sync leaves the union listed,
    # so the next one still removes what is gone.
    now = set(files)
    with open(listing, "w", encoding="utf-8") as f:
        f.write("\0".join(sorted(before | now)))
    written = 0
    for path in files:
        src, dst = os.path.join(checkout, path), os.path.join(mirror, path)
        if not same(src, dst):
            copy(src, dst)
            written += 1
    removed = 0
    for path in sorted(before - now):
        dst = os.path.join(mirror, path)
        if os.path.lexists(dst) and not os.path.isdir(dst):
            os.remove(dst)
            removed += 1
    with open(listing, "w", encoding="utf-8") as f:
        f.write("\0".join(sorted(now)))
    print(f"{len(files)} tracked files: {written} written, {len(files) - written} unchanged, {removed} removed")


if __name__ == "__main__":
    main()
