"""tilsyn: supervisory audits of how accessible the social services in Nav are by telephone.

The library API lives in `tilsyn.api` and is re-exported here lazily, so that importing the
package (and so `tilsyn --help`) stays fast.
"""

__version__ = "0.2.0"

_API = {
    "load",
    "LoadResult",
    "Record",
    "ScoredDataset",
    "ScoringOptions",
    "open_dataset",
    "save_dataset",
    "score_inputs",
}


def __getattr__(name: str):
    if name in _API:
        from tilsyn import api

        return getattr(api, name)
    raise AttributeError(f"module 'tilsyn' has no attribute {name!r}")
