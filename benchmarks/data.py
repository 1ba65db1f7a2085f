"""Benchmark inputs, made once per version of tilsyn and reused by every run and case.

The parent process prepares them before any case runs, so a measured child only opens them.
They live in a folder named by a hash of tilsyn's code and data, the generator and the seed, so
a change to the form writer or the survey definition makes fresh inputs, and two benchmark runs
of different versions side by side never share (or delete) each other's inputs.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path

from benchmarks import capabilities, synthetic
from benchmarks.measure import ROOT

KEEP_OLD = 3  # inputs of this many other versions are kept, the most recently used


def fingerprint(seed: int) -> str:
    """Hash of what the inputs depend on: tilsyn's sources and data, the generator, the seed."""
    digest = hashlib.sha256(str(seed).encode())
    files = sorted((ROOT / "tilsyn").rglob("*.py")) + sorted((ROOT / "tilsyn").rglob("*.toml"))
    for path in [*files, Path(synthetic.__file__)]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Data:
    """Paths to the inputs of size `n` in the folder `root`, each made on first use."""

    def __init__(self, root: Path, seed: int = synthetic.SEED):
        self.root = Path(root)
        self.seed = seed

    @classmethod
    def for_version(cls, base: Path, seed: int) -> "Data":
        """The inputs of this version of tilsyn under `base`; old versions' inputs pruned."""
        root = Path(base) / fingerprint(seed)
        root.mkdir(parents=True, exist_ok=True)
        os.utime(root)
        others = sorted(
            (
                p
                for p in Path(base).iterdir()
                if p.is_dir() and p != root and len(p.name) == len(root.name)
            ),
            key=lambda p: p.stat().st_mtime,
        )
        for old in others[:-KEEP_OLD]:
            shutil.rmtree(old, ignore_errors=True)
        return cls(root, seed)

    def jsonl(self, n: int) -> Path:
        """`n` synthetic calls as JSONL."""
        path = self.root / f"records-{n}.jsonl"
        if not path.exists():
            _publish(synthetic.write_jsonl(_partial(path), n, self.seed), path)
        return path

    def jsonl_plain(self, n: int) -> Path:
        """The same `n` calls as JSONL, their free text without names or phone numbers."""
        path = self.root / f"records-{n}-plain.jsonl"
        if not path.exists():
            written = synthetic.write_jsonl(_partial(path), n, self.seed, personal=False)
            _publish(written, path)
        return path

    def saved(self, n: int) -> Path:
        """The `n` synthetic calls scored and saved as `tilsyn score calls.jsonl -o` saves them."""
        path = self.root / f"records-{n}.saved.json"
        if not path.exists():
            partial = _partial(path)
            capabilities.save_scored(self.jsonl(n), partial)
            _publish(partial, path)
        return path

    def sample(self, n: int) -> Path:
        """The repository's sample data (`n` is its count of calls: 59), as a user first runs it."""
        return ROOT / "sample_data"

    def records(self, n: int) -> list:
        """The `n` calls validated by tilsyn.load, pickled so that a case need not validate."""
        path = self.root / f"records-{n}.pickle"
        if not path.exists():
            import tilsyn

            result = tilsyn.load([self.jsonl(n)])
            if result.errors or len(result.records) != n:
                raise RuntimeError(f"synthetic records are not all valid: {result.errors[:3]}")
            partial = _partial(path)
            partial.write_bytes(pickle.dumps(result.records, pickle.HIGHEST_PROTOCOL))
            _publish(partial, path)
        return pickle.loads(path.read_bytes())

    def forms(self, n: int) -> Path:
        """A folder of `n` filled Word forms (nb), one per synthetic call."""
        folder = self.root / f"forms-{n}"
        if not folder.exists():
            partial = _partial(folder)
            partial.mkdir()
            for record in synthetic.records(n, self.seed):
                capabilities.fill_form(record, partial / f"{record['call_id']}.docx", "nb")
            _publish(partial, folder)
        return folder


def _partial(path: Path) -> Path:
    """A name of this process's own, so that two runs making the same input do not collide."""
    return path.with_name(f"{path.name}.{os.getpid()}.partial")


def _publish(partial: Path, final: Path) -> None:
    """Rename into place; if another run got there first, its identical copy stays."""
    try:
        os.replace(partial, final)
    except OSError:
        if not final.exists():
            raise
        shutil.rmtree(partial) if partial.is_dir() else partial.unlink()
