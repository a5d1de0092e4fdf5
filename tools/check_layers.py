#!/usr/bin/env python3
"""Checks that each folder of core/ includes only the folders its CMake library depends on.

The dependencies are read from each core/<folder>/CMakeLists.txt (`DEPENDS prunescope_x ...`),
closed transitively; an include of core/<other>/... from a folder that does not depend on
<other> is an error, and so is a cycle among the declared dependencies. LibTorch headers in
folders declared without TORCH are errors too. Exit status 1 with one line per problem.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
core = root / "core"

declared, torch_free = {}, set()
for cmake in sorted(core.glob("*/CMakeLists.txt")):
    folder = cmake.parent.name
    text = cmake.read_text()
    call = re.search(r"prunescope_core_library\((\w+)([^)]*)\)", text, re.S)
    if not call or call.group(1) != folder:
        sys.exit(f"{cmake}: no prunescope_core_library({folder} ...) call")
    body = call.group(2)
    if " TORCH" not in body.split("SOURCES")[0]:
        torch_free.add(folder)
    depends = body.split("DEPENDS", 1)[1] if "DEPENDS" in body else ""
    declared[folder] = set(re.findall(r"prunescope_(\w+)", depends))

def closure(folder, path=()):
    if folder in path:
        raise ValueError(" -> ".join(path + (folder,)))
    result = set()
    for d in declared.get(folder, ()):
        result |= {d} | closure(d, path + (folder,))
    return result

problems = []
allowed = {}
for folder in declared:
    try:
        allowed[folder] = closure(folder) | {folder}
    except ValueError as cycle:
        problems.append(f"core/{folder}: dependency cycle {cycle}")
        allowed[folder] = set(declared)

include = re.compile(r'^\s*#\s*include\s+"core/(\w+)/', re.M)
torch_include = re.compile(r'^\s*#\s*include\s+<(torch|ATen|c10)/', re.M)
for source in sorted(core.rglob("*")):
    if source.suffix not in (".h", ".cpp", ".inc"):
        continue
    folder = source.relative_to(core).parts[0]
    if folder not in declared:
        problems.append(f"{source.relative_to(root)}: core/{folder} has no library")
        continue
    text = source.read_text(errors="replace")
    for other in include.findall(text):
        if other not in allowed[folder]:
            problems.append(f"{source.relative_to(root)}: includes core/{other}/, which core/{folder} does not depend on")
    if folder in torch_free and torch_include.search(text):
        problems.append(f"{source.relative_to(root)}: includes LibTorch in core/{folder}, declared without it")

for p in problems:
    print(p)
print(f"{len(declared)} core libraries, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
