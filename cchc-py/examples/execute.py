"""Executes notebooks top to bottom in a fresh kernel, failing on the first error (CI runs this).

    python cchc-py/examples/execute.py cchc-py/examples/*.ipynb

Needs nbclient, nbformat and ipykernel (and what the notebooks import: cchc, pandas, matplotlib).
The notebooks are not rewritten: outputs stay out of the repository.
"""

import sys
import time

import nbformat
from nbclient import NotebookClient


def main(paths: list[str]) -> int:
    for path in paths:
        started = time.monotonic()
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
        cells = sum(1 for c in notebook.cells if c.cell_type == "code")
        print(f"{path}: {cells} code cells ran in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
