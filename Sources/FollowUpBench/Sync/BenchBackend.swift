/// Where the benchmarked servers keep their data.
enum BenchBackend: Equatable, Sendable {
    /// One server on its data directory's SQLite file.
    case sqlite
    /// `instances` servers on one new PostgreSQL database of `cluster`.
    case postgres(cluster: String, instances: Int)

    var title: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres(_, let instances): "PostgreSQL, \(instances) instance\(instances == 1 ? "" : "s")"
        }
    }

    /// A name for files and directories.
    var slug: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres(_, let instances): "postgres-\(instances)"
        }
    }
}
