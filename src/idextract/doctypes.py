"""Document types: what the core knows about a kind of document, and where it finds them.

A document type is one :class:`DocumentType` object that the core (``api``, the CLI, the tests)
only reads: its name, its record class, its parse function, its personal fields, whether
image-quality warnings apply and an incomplete read is tried again sharpened, its sample folder
and a one-line description. Nothing in the core names a type; adding one (a SIM, an NPWP card,
an STNK) means writing a package with a record class, a parse function and a ``DocumentType``,
and registering it under the entry-point group ``idextract.document_types``, in that package's
``pyproject.toml``::

    [project.entry-points."idextract.document_types"]
    sim = "idextract_sim.parser:SIM"

The built-in receipt and KTP register exactly so (``idextract.parsers:RECEIPT`` and ``:KTP``
in idextract's own ``pyproject.toml``). Then ``idextract.parse(text, "sim")``,
``idextract.extract(photo, "sim")`` and ``python -m idextract sim PHOTO`` work, the personal
fields are masked in ``repr``, in the annotated image (``mask_pii=True``) and in CLI output
(``--mask-pii``), and the fuzz and regression tests parse with it.

The registry is read once per process (:func:`document_types`); :func:`refresh` reads the
installed entry points again (tests that put a package on ``sys.path``).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import UnknownDocumentTypeError
from .records import Box, Document, PersonalDocument

__all__ = [
    "DEFAULT_DOCUMENT_TYPE",
    "ENTRY_POINT_GROUP",
    "DocumentType",
    "Mask",
    "UnknownDocumentTypeError",
    "document_types",
    "get_document_type",
    "refresh",
]

ENTRY_POINT_GROUP = "idextract.document_types"
#: What ``extract()`` and ``parse()`` read when no type is given.
DEFAULT_DOCUMENT_TYPE = "receipt"
#: Subcommands of ``python -m idextract`` that no document type may take as its name.
RESERVED_NAMES = frozenset({"batch", "demo", "evaluate", "help", "serve", "types"})
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,39}")
# The package whose own entry points must load: a broken built-in is a bug to see, not to skip.
_OWN_DISTRIBUTION = "idextract"

Mask = Callable[[str], str]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentType:
    """A kind of document, as the core sees it.

    ``parse(source, *, today=None)`` takes an :class:`~idextract.records.OcrResult` or plain text
    and returns a ``record``; it must not raise on odd text. ``personal_fields`` (field name ->
    mask function) are masked in ``repr`` and ``str`` of the record, in the annotated image with
    ``mask_pii=True`` and in CLI output with ``--mask-pii``, and are never logged; they are
    declared on the record class (a :class:`~idextract.records.PersonalDocument`), whose repr
    needs them without a registry, and read from there (given here too, they must agree).
    ``quality_warnings``: add image-quality warnings (small, dark, blurred picture) to records
    read from pictures. ``ocr_options``: keyword options for the OCR engine's ``ocr()``, passed
    to engines that name them in their ``options`` (the embedded engine takes ``detect_side``);
    other engines are not asked. ``reread_sharpened``: when a record read from a picture misses
    a field, read a sharpened copy of the picture again and keep the record with more evidence
    (:mod:`idextract.reread`; engines that run on this machine only). ``reread_rows``: given a
    record read from a picture, the boxes of rows worth a closer second look (each row's crop
    read again by an engine that reads single lines, :func:`idextract.reread.closer_look`); an
    empty list for none. ``samples``: a folder in
    the common dataset layout (``items/<id>.gt.json`` ...), ``demo``: a picture in it that
    ``python -m idextract demo`` reads.
    """

    name: str
    record: type[Document]
    parse: Callable[..., Document]
    description: str
    personal_fields: Mapping[str, Mask] = field(default_factory=dict)
    quality_warnings: bool = False
    ocr_options: Mapping[str, Any] = field(default_factory=dict)
    reread_sharpened: bool = False
    reread_rows: Callable[[Document], Sequence[Box]] | None = None
    samples: Path | None = None
    demo: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name) or self.name in RESERVED_NAMES:
            raise ValueError(f"a document type's name is lower-case letters, digits, - or _ (not one of "
                             f"{', '.join(sorted(RESERVED_NAMES))}): {self.name!r:.50}")
        if not (isinstance(self.record, type) and issubclass(self.record, Document)):
            raise TypeError(f"document type {self.name}: record must be a subclass of idextract.records.Document")
        if not callable(self.parse):
            raise TypeError(f"document type {self.name}: parse must be callable")
        declared = dict(getattr(self.record, "personal_fields", {}) or {})
        given = dict(self.personal_fields)
        if (declared or given) and not issubclass(self.record, PersonalDocument):
            raise TypeError(f"document type {self.name}: a record with personal fields derives from "
                            "idextract.records.PersonalDocument, whose repr masks them")
        if given and given != declared:
            raise ValueError(f"document type {self.name}: personal fields must be declared on the record class "
                             f"({self.record.__name__}.personal_fields, a PersonalDocument), so that its repr "
                             "masks them")
        unknown = sorted(set(declared) - set(self.record.model_fields))
        if unknown:
            raise ValueError(f"document type {self.name}: personal fields {unknown} are no fields of "
                             f"{self.record.__name__}")
        object.__setattr__(self, "personal_fields", MappingProxyType(declared))
        object.__setattr__(self, "ocr_options", MappingProxyType(dict(self.ocr_options)))
        if self.samples is not None:
            object.__setattr__(self, "samples", Path(self.samples))

    def mask(self, name: str, value: Any) -> Any:
        """``value`` of field ``name`` as shown when personal data is masked (unchanged for a field
        that is not personal, and for ``None``)."""
        mask = self.personal_fields.get(name)
        return value if mask is None or value is None else mask(str(value))

    def masked_dump(self, record: Document) -> dict[str, Any]:
        """``record.model_dump(mode="json")`` with every personal field's value masked and its
        ``raw`` text dropped: what the CLI prints with ``--mask-pii``."""
        data = record.model_dump(mode="json")
        for name in self.personal_fields:
            entry = data.get(name)
            if isinstance(entry, dict) and entry.get("value") is not None:
                entry.update(value=self.mask(name, entry["value"]), raw=None)
        return data


def _load(ep: EntryPoint) -> DocumentType | None:
    """The entry point's document type; a third party's that fails to load is skipped, with a
    warning naming it (the exception's type only: its message could hold anything)."""
    dist = getattr(getattr(ep, "dist", None), "name", None)
    own = dist is not None and dist.replace("_", "-").lower() == _OWN_DISTRIBUTION
    try:
        value = ep.load()
    except Exception as exc:
        if own:
            raise
        log.warning("document type %r (%s, from %s) not loaded: %s", ep.name, ep.value, dist, type(exc).__name__)
        return None
    if not isinstance(value, DocumentType):
        if own:
            raise TypeError(f"entry point {ep.name} = {ep.value} is no DocumentType")
        log.warning("document type %r (%s, from %s) skipped: not a DocumentType", ep.name, ep.value, dist)
        return None
    if value.name != ep.name:
        log.warning("document type %r (%s) skipped: its object is named %r", ep.name, ep.value, value.name)
        return None
    return value


@functools.cache
def _registry() -> Mapping[str, DocumentType]:
    found: dict[str, DocumentType] = {}
    values: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in values:
            if values[ep.name] != ep.value:  # the first on sys.path wins, as for imports
                log.warning("document type %r registered twice (%s and %s): the first is used",
                            ep.name, values[ep.name], ep.value)
            continue
        values[ep.name] = ep.value
        doc_type = _load(ep)
        if doc_type is not None:
            found[doc_type.name] = doc_type
    return MappingProxyType(dict(sorted(found.items())))


def document_types() -> tuple[DocumentType, ...]:
    """Every installed document type, sorted by name (read once per process; see :func:`refresh`)."""
    return tuple(_registry().values())


def get_document_type(name: object) -> DocumentType:
    """The installed document type called ``name``; an unknown one raises
    :class:`~idextract.errors.UnknownDocumentTypeError` (an ``InputError``, ``param="doc_type"``)
    naming the known ones."""
    registry = _registry()
    found = registry.get(name) if isinstance(name, str) else None
    if found is None:
        shown = repr(name)[:40] if isinstance(name, str) else type(name).__name__
        known = ", ".join(registry) or "none (idextract is not installed: its types register through entry points)"
        raise UnknownDocumentTypeError(f"unknown document type {shown}; known: {known}")
    return found


def refresh() -> tuple[DocumentType, ...]:
    """Read the installed entry points again (after a package was installed or put on
    ``sys.path``, in tests); returns the document types now installed."""
    _registry.cache_clear()
    return document_types()
