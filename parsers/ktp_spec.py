"""What ``parsers/ktp.toml`` says about the card, loaded once.

The labels and their fixed top-to-bottom order, the header words, the closed vocabularies
(with the provinces from the NIK's province table, so both agree), the fields that wrap onto a
second line, and the ages a NIK's birth date allows. Knowledge lives in the TOML, not in code:
this module only reads it and builds the matchers and vocabularies the reader needs.
"""

from __future__ import annotations

from typing import Any

from idextract.spec import require, spec_loader
from idextract.text import LabelMatcher

from . import nik as niklib
from .ktp_vocab import Vocab, skeleton

__all__ = ["SPEC_FILE", "Spec", "load_spec"]

SPEC_FILE = "idextract.parsers/ktp.toml"


class Spec:
    """The card as ktp.toml describes it, in the shapes the reader uses."""

    def __init__(self, raw: dict[str, Any], source: str) -> None:
        self.labels = LabelMatcher(require(raw, "labels", source))
        header = require(raw, "header", source)
        self.header = LabelMatcher({"province": header["province"], "regency": header["regency"]})
        self.jakarta = [j.upper() for j in header["jakarta"]]
        self.vocab: dict[str, dict[str, str]] = {}
        for name, entries in require(raw, "vocabularies", source).items():
            table = {}
            for canonical, variants in entries.items():
                table[canonical.upper()] = canonical
                for v in variants:
                    table[v.upper()] = canonical
            self.vocab[name] = table
        printed = {}
        for name, shown in niklib.provinces().values():
            printed[shown] = shown
            printed[name] = shown
        self.vocab["province"] = printed
        self.lifetime = [x.upper() for x in require(raw, "valid_until.lifetime", source)]
        self.wrapping = set(require(raw, "layout.wrapping", source))
        self.min_labels = int(require(raw, "layout.min_labels", source))
        self.label_order: list[str] = require(raw, "layout.label_order", source)
        self.order_index = {key: k for k, key in enumerate(self.label_order)}
        self.min_age = int(require(raw, "nik.min_age", source))
        self.vocabs = {name: Vocab(table) for name, table in self.vocab.items()}
        self.vocabs["valid_until"] = Vocab({x: "SEUMUR HIDUP" for x in self.lifetime})
        places = {*niklib.regency_names(), *(name for _, name in niklib.provinces().values()),
                  *(p.upper() for p in require(raw, "places.also", source))}
        self.places = Vocab({p: p for p in places})
        # Each field's labels as bare letters, for rows whose label is damaged beyond the matcher.
        self.skeletons = {key: sorted({skeleton(lab) for lab in labs}) for key, labs in
                          require(raw, "labels", source).items() if key in self.label_order}


# The spec, read on first use (not at import: importing the package reads no TOML).
load_spec = spec_loader("idextract.parsers", "ktp.toml", Spec)
