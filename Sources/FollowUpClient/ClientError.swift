/// Everything that can go wrong for a user of the client, each with a message to act on and a
/// distinct exit code for scripts.
public enum ClientError: Error, Equatable, CustomStringConvertible {
    /// The replica was never bound to an account.
    case notLoggedIn
    /// Wrong username or password, or a disabled account.
    case loginRefused(String)
    /// The token expired or was revoked: the changes stay queued until the next login.
    case sessionEnded(String)
    /// The server could not be reached; nothing is lost, writes stay queued.
    case unreachable(server: String, reason: String)
    /// The server speaks another protocol version.
    case incompatibleServer(String)
    /// The server answered with an error the client cannot resolve itself.
    case server(status: Int, message: String)
    /// No record has this id or prefix.
    case notFound(String)
    /// Several records start with this prefix.
    case ambiguous(prefix: String, candidates: [String])
    /// A value the user typed cannot be used (a bad date, an unknown kind …).
    case invalidInput(String)
    /// A file could not be read or written.
    case file(String)
    /// The replica database failed.
    case storage(String)

    public var description: String {
        switch self {
        case .notLoggedIn:
            "this replica is not bound to an account yet: run `followup login SERVER-URL` once; after that everything works offline"
        case let .loginRefused(message): "login refused: \(message)"
        case let .sessionEnded(message): "\(message); run `followup login` again (your queued changes are kept)"
        case let .unreachable(server, reason):
            "cannot reach the server at \(server) (\(reason)); your changes are kept and queued for the next sync"
        case let .incompatibleServer(message): message
        case let .server(status, message): "the server answered \(status): \(message)"
        case let .notFound(message): message
        case let .ambiguous(prefix, candidates):
            "\"\(prefix)\" matches several records: \(candidates.prefix(5).joined(separator: ", "))\(candidates.count > 5 ? " …" : ""); give more characters"
        case let .invalidInput(message): message
        case let .file(message): message
        case let .storage(message): "the local replica failed: \(message)"
        }
    }

    /// The process exit status for this error (1 is left for unexpected failures, 64 for usage errors).
    public var exitCode: Int32 {
        switch self {
        case .notLoggedIn: 3
        case .loginRefused: 4
        case .sessionEnded: 5
        case .unreachable: 6
        case .incompatibleServer: 7
        case .server: 8
        case .notFound: 9
        case .ambiguous: 10
        case .invalidInput: 11
        case .file: 13
        case .storage: 14
        }
    }
}
