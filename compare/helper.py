"""A helper process for the aligner: `python -m compare.helper` reads one pickled call
(module, function name, args, kwargs) on standard input, runs it and writes the pickled
result on standard output. The aligner starts it for native work that holds the GIL
(align._Offloaded). A process of its own, not multiprocessing: its spawn and forkserver
modes import the caller's main script again in the child, and a script without a
`__main__` guard would then run twice."""

from __future__ import annotations

import importlib
import pickle
import sys


def main() -> None:
    module, name, args, kwargs = pickle.load(sys.stdin.buffer)
    fn = importlib.import_module(module)
    for part in name.split("."):
        fn = getattr(fn, part)
    result = fn(*args, **kwargs)
    pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
