public import Foundation

/// How to reach a PostgreSQL database, read from a `postgres://` URL, with the pool's size and the
/// statement timeout.
///
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full]`;
/// the password may also come from `PGPASSWORD`. The TLS modes mean what they mean to libpq: `prefer`
/// and `require` encrypt without checking the server's certificate, `verify-full` checks it and the
/// host name against the system's trusted authorities. The password is never shown: ``description`` and every
/// error write the URL without it.
public struct PostgresSettings: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The most connections one server instance opens.
    public var poolSize: Int = 10
    /// The longest a statement may run, enforced by PostgreSQL (`statement_timeout`); a request
    /// waiting longer for the database is answered 503.
    public var statementTimeout: Duration = .seconds(30)

    /// Reads a `postgres://` (or `postgresql://`) URL.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        func invalid(_ message: String) -> ConfigurationError {
            ConfigurationError(setting: "database URL", message: message)
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw invalid("expected postgres://USER@HOST:PORT/DATABASE, got \"\(Self.redacted(text))\"")
        }
        guard let host = url.host, !host.isEmpty else { throw invalid("the URL names no host") }
        guard let username = url.user, !username.isEmpty else { throw invalid("the URL names no user (postgres://USER@HOST/DATABASE)") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw invalid("the URL names no database (postgres://USER@HOST/DATABASE)") }
        self.host = host
        self.port = url.port ?? 5432
        self.username = username.removingPercentEncoding ?? username
        self.password = (url.password?.removingPercentEncoding ?? url.password) ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
        var tls = TLSMode.prefer
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw invalid("sslmode must be disable, prefer, require or verify-full, got \"\(item.value ?? "")\"")
                }
                tls = mode
            default:
                throw invalid("unknown URL parameter \"\(item.name)\" (only sslmode is read)")
            }
        }
        self.tls = tls
    }

    /// The URL without its password.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }

    /// `text` with whatever stands between `:` and `@` after the scheme replaced, for messages
    /// about a URL that could not be read.
    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://") else { return text }
        let credentials = text[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
