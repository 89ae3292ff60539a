import Testing

/// The scale-out verifier and the PostgreSQL backend's own tests, one after another: the verifier
/// keeps both cores busy for two minutes, and the live-update test measures a delay of under a
/// second, which it must not share with that load. `scripts/test` runs this suite on its own, after
/// the others, for the same reason.
@Suite("PostgreSQL and scale-out", .serialized)
enum PostgresAndScaleOut {}
