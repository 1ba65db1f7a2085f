"""Benchmark inputs, made once per version of tilsyn and reused by every run and case.

The parent process prepares them before any case runs, so a measured child only opens them.
A stamp (a hash of tilsyn's code and data, the generator and the seed) tells when they are
stale: a change to the form writer or the survey definition makes fresh inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path

from benchmarks import capabilities, synthetic
from benchmarks.measure import ROOT

STAMP = "stamp.txt"
_MADE_HERE = ("records-", "results-", "forms-")


def fingerprint(seed: int) -> str:
    """Hash of what the inputs depend on: tilsyn's sources and data, the generator, the seed."""
    digest = hashlib.sha256(str(seed).encode())
    files = sorted((ROOT / "tilsyn").rglob("*.py")) + sorted((ROOT / "tilsyn").rglob("*.toml"))
    for path in [*files, Path(synthetic.__file__)]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Data:
    """Paths to the inputs of size `n` in `root`, each made on first use."""

    def __init__(self, root: Path, seed: int = synthetic.SEED):
        self.root = Path(root)
        self.seed = seed

    def refresh(self) -> None:
        """Drop inputs made for another version of tilsyn or another seed."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = self.root / STAMP
        current = fingerprint(self.seed)
        if stamp.exists() and stamp.read_text() == current:
            return
        for entry in self.root.iterdir():
            if entry.name.startswith(_MADE_HERE):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        stamp.write_text(current)

    def jsonl(self, n: int) -> Path:
        """`n` synthetic calls as JSONL."""
        path = self.root / f"records-{n}.jsonl"
        if not path.exists():
            synthetic.write_jsonl(_partial(path), n, self.seed)
            os.replace(_partial(path), path)
        return path

    def records(self, n: int) -> list:
        """The `n` calls validated by tilsyn.load, pickled so that a case need not validate."""
        path = self.root / f"records-{n}.pickle"
        if not path.exists():
            import tilsyn

            result = tilsyn.load([self.jsonl(n)])
            if result.errors or len(result.records) != n:
                raise RuntimeError(f"synthetic records are not all valid: {result.errors[:3]}")
            _partial(path).write_bytes(pickle.dumps(result.records, pickle.HIGHEST_PROTOCOL))
            os.replace(_partial(path), path)
        return pickle.loads(path.read_bytes())

    def results(self, n: int) -> dict:
        """The scored run of the `n` calls, as the results JSON a report or export starts from."""
        path = self.root / f"results-{n}.json"
        if not path.exists():
            data = capabilities.score(self.records(n)).to_json()
            _partial(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(_partial(path), path)
        return json.loads(path.read_text(encoding="utf-8"))

    def forms(self, n: int) -> Path:
        """A folder of `n` filled Word forms (nb), one per synthetic call."""
        folder = self.root / f"forms-{n}"
        if not folder.exists():
            partial = _partial(folder)
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            for record in synthetic.records(n, self.seed):
                capabilities.fill_form(record, partial / f"{record['call_id']}.docx", "nb")
            os.replace(partial, folder)
        return folder


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")
