"""Writes the two demo model files. It only WRITES pickles; nothing here loads one.

digital_twin_benign.pkl    an OrderedDict of weights as plain lists: what a state dict looks like.
digital_twin_poisoned.pkl  a pickle whose __reduce__ returns (os.system, ("echo pwned",)): loading it
                           with pickle.load / joblib.load / torch.load(weights_only=False) would run
                           `echo pwned`. TwinGuard reports it without loading it.

Run: python3 make_models.py   (protocol 2, so the bytes are the same on every CPython 3; on Windows
os.system pickles as nt.system instead of posix.system)
"""
import collections
import os
import pickle
from pathlib import Path

HERE = Path(__file__).parent


class Poisoned:
    """The classic model-poisoning payload, harmless here: it only names `echo pwned`."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


def main() -> None:
    weights = collections.OrderedDict(
        [("dense.weight", [[0.12, -0.5], [0.33, 0.08]]), ("dense.bias", [0.01, -0.02])]
    )
    (HERE / "digital_twin_benign.pkl").write_bytes(pickle.dumps(weights, protocol=2))
    (HERE / "digital_twin_poisoned.pkl").write_bytes(pickle.dumps(Poisoned(), protocol=2))


if __name__ == "__main__":
    main()
