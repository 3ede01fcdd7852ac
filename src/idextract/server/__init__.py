"""`idextract serve`: the hosted OCR API and the extraction endpoints, served from this machine.

``python -m idextract serve`` (or ``idextract serve``) answers the hosted API's contract,
``POST /v1/ocr``, with the embedded engine, plus ``POST /v1/extract/{type}`` for every installed
document type, ``GET /v1/models``, ``/health``, ``/ready``, ``/metrics`` and ``/docs``.

How it is built, and why:

- :mod:`.cli` parses the options and refuses unsafe ones (a public address without a key);
  :mod:`.app` is the FastAPI application; :mod:`.gateway` the pure-ASGI layer in front of it
  (request ids, JSON access log, metrics, Bearer keys kept as SHA-256 hashes, per-key rate
  limits, 503 before reading the body when the queue is full, 413 while the body streams in).
- The engine never runs in the server process. :mod:`.pool` keeps one :mod:`.worker` process
  per inference slot and a short bounded queue in front; the event loop only waits on a pipe.
  A request past its deadline answers 504 and its worker is killed and replaced, so a slot is
  never held for an answer nobody waits for (a thread could not be stopped mid-inference).
- :mod:`.inputs` turns ``image``/``image_type`` into bytes: base64 decoded here, URLs fetched by
  :mod:`idextract.fetch` (public addresses only unless the operator allows private ones). A
  request string is never read as a server path.
- :mod:`.errors` gives every failure the hosted shape ``{"error": {"message", "type", "param",
  "code"}}``, with the library's :class:`~idextract.errors.InputError` codes as they are.

FastAPI and uvicorn (the ``server`` extra) are imported by :mod:`.app` and when ``serve`` runs,
never by ``import idextract``.
"""
