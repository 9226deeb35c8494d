"""County exchange: signed, encrypted USB bundles out of the township hall, a verified merge at the
county, and the settlement statistics of 四(十六) and 三(八). Imports no Qt.

Public API for the desktop screens (run in a worker thread; ``progress(done, total, message)`` is
called from that thread; a ``CancelToken`` stops cleanly, leaving nothing half-done)::

    # keys — intake.exchange.keys
    init_keys(county=False) -> (fingerprint, made)        # once per installation
    is_county() -> bool                                   # holds the county encryption key
    own_public_keys(name, township) -> PublicKeys         # .fingerprint to show
    export_public(path, name=None, township=None) -> PublicKeys
    read_public_file(path) -> PublicKeys                  # preview a file's fingerprint before trusting
    trust(path, replace=False) -> Trusted                 # .keys, .replaced, .already
    trusted_keys() -> {fingerprint: PublicKeys};  trusted_county() -> PublicKeys

    # hall: export screen — intake.exchange.export
    export_bundles(store, target_dir, actor, progress, cancel) -> ExportResult
        # .bundles (paths on the stick), .cases, .made (sequence or None: nothing new)
    outbox_dir(store) -> Path                             # the hall's own copies
    intake.exchange.ledger.cases_pending(store.conn) -> int;  last_export(store.conn) -> ExportRow | None

    # county: import screen — intake.exchange.importer
    import_bundles(store, paths, actor, progress, cancel) -> ImportResult
        # .imported, .unchanged, .cases, .bundles[BundleOutcome], .reviews[Review]
    intake.exchange.ledger.reviews(store.conn) -> list[Review]   # every flagged applicant

    # statistics screen — intake.exchange.stats / report_pdf / report_csv / sections
    statistics(store, progress, cancel) -> Statistics     # .to_json(), .settled, .net_settled
    sections(stats, townships) -> [Section]               # labelled rows, as the reports show them
    render_report(stats, scope, townships) -> bytes;  write_report(stats, path, scope, townships)
    write_csv(stats, path, townships)

Refusals are ``intake.errors`` subclasses with a Chinese message: ``ExportError``,
``BundleRefused`` (names the bundle; the county store is unchanged), ``KeyStoreError``,
``Cancelled``. Module by module: ``keys`` (county key, public key files, trust), ``crypto``
(streaming encryption), ``bundle`` (the file format and its manifest), ``payload`` (records and
their models), ``export``, ``aggregate`` (one case checked on its own, in worker processes for
large bundles), ``stage`` (one bundle's checks and merge), ``staging`` (what the check writes, and
its lookups and search grams in a scratch database), ``readahead`` (decryption a few chunks ahead in a thread),
``importer``, ``ledger`` (the exchange tables), ``hashing`` (the store's hashes in bulk), ``stats``,
``sections``, ``report_pdf``, ``report_csv``.
"""
