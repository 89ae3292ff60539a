import Foundation

extension ServerConfiguration {
    /// The settings read from `FOLLOWUP_*` environment variables over the defaults.
    ///
    /// | variable | setting |
    /// |---|---|
    /// | `FOLLOWUP_DATA` | data directory |
    /// | `FOLLOWUP_DATABASE_URL` | `postgres://…`: keep the data in PostgreSQL instead |
    /// | `FOLLOWUP_DATABASE_POOL`, `FOLLOWUP_DATABASE_TIMEOUT` | PostgreSQL connections per instance, statement timeout (s) |
    /// | `FOLLOWUP_HOST`, `FOLLOWUP_PORT` | listening address |
    /// | `FOLLOWUP_TLS_CERT`, `FOLLOWUP_TLS_KEY` | PEM files for HTTPS |
    /// | `FOLLOWUP_MAX_BODY_BYTES`, `FOLLOWUP_MAX_BATCH`, `FOLLOWUP_MAX_PAGE`, `FOLLOWUP_MAX_WAIT` | limits |
    /// | `FOLLOWUP_IDLE_TIMEOUT`, `FOLLOWUP_BODY_TIMEOUT`, `FOLLOWUP_MAX_CONNECTIONS`, `FOLLOWUP_MAX_CONNECTIONS_PER_ADDRESS` | connections |
    /// | `FOLLOWUP_FATE_RETENTION_DAYS` | days a change's first answer is kept for retries |
    /// | `FOLLOWUP_METRICS` | `admin` (default: `/metrics` needs an admin token) or `open` |
    /// | `FOLLOWUP_PULL_COMPRESSION` | Brotli quality of pull pages, 0–11 |
    /// | `FOLLOWUP_CLOCK_DRIFT_SECONDS` | clock guard |
    /// | `FOLLOWUP_TOKEN_DAYS` | token lifetime |
    /// | `FOLLOWUP_BCRYPT_COST` | password hashing cost |
    /// | `FOLLOWUP_LOG_LEVEL` | trace, debug, info, notice, warning, error |
    public init(environment: [String: String]) throws(ConfigurationError) {
        self.init()
        func integer(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw ConfigurationError(
                    setting: name,
                    message: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\""
                )
            }
            return value
        }
        if let value = environment["FOLLOWUP_DATA"], !value.isEmpty { dataDirectory = value }
        if let value = environment["FOLLOWUP_DATABASE_URL"], !value.isEmpty { databaseURL = value }
        if let value = try integer("FOLLOWUP_DATABASE_POOL", in: 1...1_000) { databasePoolSize = value }
        if let value = try integer("FOLLOWUP_DATABASE_TIMEOUT", in: 1...3_600) { databaseStatementTimeoutSeconds = value }
        if let value = environment["FOLLOWUP_HOST"], !value.isEmpty { host = value }
        if let value = try integer("FOLLOWUP_PORT", in: 0...65_535) { port = value }
        if let value = try integer("FOLLOWUP_MAX_BODY_BYTES", in: 1_024...1_073_741_824) { maxBodyBytes = value }
        if let value = try integer("FOLLOWUP_MAX_BATCH", in: 1...100_000) { maxBatch = value }
        if let value = try integer("FOLLOWUP_MAX_PAGE", in: 1...100_000) { maxPage = value }
        if let value = try integer("FOLLOWUP_MAX_WAIT", in: 0...3_600) { maxWaitSeconds = value }
        if let value = try integer("FOLLOWUP_PULL_COMPRESSION", in: 0...11) { pullCompressionQuality = value }
        if let value = try integer("FOLLOWUP_IDLE_TIMEOUT", in: 1...3_600) { idleTimeoutSeconds = value }
        if let value = try integer("FOLLOWUP_BODY_TIMEOUT", in: 1...3_600) { bodyTimeoutSeconds = value }
        if let value = try integer("FOLLOWUP_MAX_CONNECTIONS", in: 1...1_000_000) { maxConnections = value }
        if let value = try integer("FOLLOWUP_MAX_CONNECTIONS_PER_ADDRESS", in: 1...1_000_000) { maxConnectionsPerAddress = value }
        if let value = try integer("FOLLOWUP_FATE_RETENTION_DAYS", in: 1...36_500) { fateRetentionDays = value }
        switch environment["FOLLOWUP_METRICS"] {
        case nil, "", "admin": metricsOpen = false
        case "open": metricsOpen = true
        case let other?:
            throw ConfigurationError(setting: "FOLLOWUP_METRICS", message: "must be admin or open, got \"\(other.prefix(40))\"")
        }
        if let value = try integer("FOLLOWUP_CLOCK_DRIFT_SECONDS", in: 0...86_400) { maxClockDriftMillis = UInt64(value) * 1000 }
        if let value = try integer("FOLLOWUP_TOKEN_DAYS", in: 1...3_650) { tokenLifetime = TimeInterval(value) * 86_400 }
        if let value = try integer("FOLLOWUP_BCRYPT_COST", in: 4...31) { bcryptCost = UInt8(value) }
        tlsCertificatePath = environment["FOLLOWUP_TLS_CERT"].flatMap { $0.isEmpty ? nil : $0 }
        tlsKeyPath = environment["FOLLOWUP_TLS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if let value = environment["FOLLOWUP_LOG_LEVEL"], !value.isEmpty { logLevel = value }
        defaultPage = min(defaultPage, maxPage)
    }

    /// Checks settings that depend on each other, before anything starts.
    public func validate() throws(ConfigurationError) {
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw ConfigurationError(setting: "TLS", message: "give both a certificate and a key file, or neither")
        }
        if !(0...11).contains(pullCompressionQuality) {
            throw ConfigurationError(setting: "pull compression", message: "must be a Brotli quality from 0 to 11, got \(pullCompressionQuality)")
        }
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            throw ConfigurationError(setting: "log level", message: "must be one of trace, debug, info, notice, warning, error, critical")
        }
    }
}

/// A setting an operator gave that the server cannot use.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var setting: String
    public var message: String

    public var description: String { "\(setting): \(message)" }
}
