public import FollowUpCore
public import Foundation

/// Everything an operator can set about a server, with the defaults a single-machine install wants.
///
/// Values come from command-line flags, then `FOLLOWUP_*` environment variables
/// (see ``init(environment:)``), then these defaults.
public struct ServerConfiguration: Sendable {
    /// Holds `followup.sqlite` (one file per data directory) and its WAL files.
    public var dataDirectory: String = "followup-data"
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Largest request body after decompression; larger requests get 413.
    public var maxBodyBytes: Int = 8 * 1024 * 1024
    /// Most changes in one push; more get 413.
    public var maxBatch: Int = 1_000
    /// Entities per pull page when the client does not ask for a size.
    public var defaultPage: Int = 1_000
    /// Most entities per pull page, whatever the client asks.
    public var maxPage: Int = 5_000
    /// Brotli quality (0–11) for pull pages: each step up sends fewer bytes for more server CPU.
    /// At 7 a 10,000-record first pull takes about 1.5 MB; lower it where CPU is scarcer than
    /// bandwidth (see README's Performance section for the measured trade-off).
    public var pullCompressionQuality: Int = 7
    /// Longest long-poll a client may ask for, in seconds.
    public var maxWaitSeconds: Int = 60
    /// How far ahead of the server's clock a change's timestamp may be.
    public var maxClockDriftMillis: UInt64 = HybridLogicalClock.defaultMaximumDriftMillis
    /// How long a login token lives.
    public var tokenLifetime: TimeInterval = 90 * 24 * 3600
    /// bcrypt cost factor for new password hashes (4…31; each step doubles the work).
    public var bcryptCost: UInt8 = 12
    /// Limits on each pushed change.
    public var changeLimits: ChangeLimits = .standard
    /// PEM certificate chain and private key: both set, the server speaks HTTPS itself.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    public var logLevel: String = "info"
    /// Seconds a connection may go without a complete request head before it is closed: a request
    /// sent in part and then held (a slow-loris client), or an idle keep-alive connection. A long
    /// poll is a request being answered, not an idle connection.
    public var idleTimeoutSeconds: Int = 30
    /// Seconds a request's whole body may take to arrive once its head has (`408` after that).
    public var bodyTimeoutSeconds: Int = 60
    /// Open connections served at once; one more is closed at once. Keep it under the process's
    /// open-file limit (`LimitNOFILE` in `deploy/followup-server.service`).
    public var maxConnections: Int = 4_096
    /// Open connections from one client address at once; one more is closed at once, so that one
    /// client holding slow connections cannot take them all. Loopback peers (the reverse proxy of
    /// `deploy/`, which limits per address itself) are not counted per address.
    public var maxConnectionsPerAddress: Int = 256
    /// Whether `GET /metrics` is served without an admin token (for a server on loopback only).
    public var metricsOpen: Bool = false
    /// Days a change's fate (its first answer, for retries) is kept.
    public var fateRetentionDays: Int = 90
    /// A `postgres://` URL: the server keeps its data in that PostgreSQL database, which several
    /// server instances may share, instead of the data directory's SQLite file.
    public var databaseURL: String?
    /// The most PostgreSQL connections this instance opens.
    public var databasePoolSize: Int = 10
    /// The longest a PostgreSQL statement may run.
    public var databaseStatementTimeoutSeconds: Int = 30

    public init() {}

    /// The data directory's SQLite file.
    public var databasePath: String {
        (dataDirectory as NSString).appendingPathComponent("followup.sqlite")
    }

    /// The database these settings name: PostgreSQL when a URL is set, else the data directory's file.
    public func databaseLocation(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError)
        -> DatabaseLocation
    {
        guard let databaseURL else { return .sqlite(path: databasePath) }
        var settings = try PostgresSettings(url: databaseURL, environment: environment)
        settings.poolSize = databasePoolSize
        settings.statementTimeout = .seconds(databaseStatementTimeoutSeconds)
        return .postgres(settings)
    }
}
