import AsyncHTTPClient
import ContentCoding
public import FollowUpCore
public import FollowUpProtocol
import FollowUpWire
public import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// The protocol over HTTP: one method per endpoint, every failure a ``ClientError``.
public final class SyncClient: Sendable {
    public let server: String
    let token: String?
    let http: HTTPClient
    /// How long a request keeps trying through transient failures — a refused or reset connection,
    /// a proxy's 502, 503 or 504 — before it reports the server unreachable: long enough for a
    /// rolling restart behind a proxy, zero where a user waits on a first contact (`login`).
    let retryWindow: Duration
    private let traffic = Mutex(Traffic())
    private let knownInfo = Mutex<ServerInfo?>(nil)

    /// Body bytes on the wire (compressed, as sent and received), for progress and benchmarks.
    public struct Traffic: Sendable, Equatable {
        public var sent = 0
        public var received = 0
        public var requests = 0
    }

    public var bytes: Traffic { traffic.withLock { $0 } }

    /// The most a compressed answer may expand to: far above any real page, far below memory.
    static let maxDecodedBody = 1024 * 1024 * 1024

    /// Bodies larger than this are sent gzip-compressed.
    static let compressionThreshold = 1_024

    /// - Parameters:
    ///   - server: the server's base URL, `http://` or `https://`.
    ///   - retryWindow: how long requests retry transient failures, with jittered backoff.
    public init(server: String, token: String?, retryWindow: Duration = .zero) throws(ClientError) {
        var text = server.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalidInput("\(server) is not a server URL; give one like https://followup.example.org or http://127.0.0.1:8080")
        }
        self.server = text
        self.token = token
        self.retryWindow = retryWindow
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(120)))
        configuration.httpVersion = .http1Only
        // A server that refuses the connection is down: say so at once instead of retrying until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the connections; call once when done.
    public func shutdown() async {
        try? await http.shutdown()
    }

    public func info() async throws -> ServerInfo {
        let info: ServerInfo
        do {
            info = try await send(.GET, Endpoint.info, encodedBody: nil, as: ServerInfo.self)
        } catch let error as ClientError {
            if case .server = error { throw ClientError.incompatibleServer("\(server) does not look like a FollowUp server (\(error))") }
            throw error
        }
        guard info.versions.contains(ProtocolVersion.current) else {
            throw ClientError.incompatibleServer(
                "the server at \(server) speaks protocol version \(info.versions.map(String.init).joined(separator: ", ")); this followup speaks \(ProtocolVersion.current): upgrade one of them"
            )
        }
        knownInfo.withLock { $0 = info }
        return info
    }

    /// The server's versions and limits as this client last heard them, asking only the first time:
    /// they change only when the server restarts, and a client syncing every few seconds (a
    /// counselor's app, `sync --watch`) saves a request per sync. ``forgetInfo()`` makes it ask again.
    public func knownOrFetchedInfo() async throws -> ServerInfo {
        if let known = knownInfo.withLock({ $0 }) { return known }
        return try await info()
    }

    /// Drops the remembered server info, after a failure that a restarted server may explain.
    public func forgetInfo() {
        knownInfo.withLock { $0 = nil }
    }

    /// Logs in as `device`; `replica` binds the login to the replica id its changes carry.
    public func login(username: String, password: String, device: String, replica: ReplicaID? = nil) async throws -> LoginResponse {
        try await send(
            .POST,
            Endpoint.login,
            body: LoginRequest(username: username, password: password, device: device, replica: replica),
            as: LoginResponse.self,
            isLogin: true
        )
    }

    public func logout() async throws {
        _ = try await send(.POST, Endpoint.logout, encodedBody: nil, as: Empty.self)
    }

    /// A new secret calendar feed address for the account, ending any earlier one.
    public func createCalendarFeed() async throws -> CalendarFeedInfo {
        try await send(.POST, Endpoint.calendarFeed, encodedBody: nil, as: CalendarFeedInfo.self)
    }

    /// Ends the account's calendar feed; its address answers 404 from then on.
    public func revokeCalendarFeed() async throws {
        _ = try await send(.DELETE, Endpoint.calendarFeed, encodedBody: nil, as: Empty.self)
    }

    public func push(_ changes: [Change]) async throws -> PushResponse {
        try await push(body: PushRequest(changes: changes).jsonData)
    }

    /// Pushes queued changes as they are stored: their JSON is spliced into the request unchanged.
    public func push(_ queued: [QueuedChange]) async throws -> PushResponse {
        var body = Data(#"{"changes":["#.utf8)
        body.reserveCapacity(queued.reduce(16) { $0 + $1.json.count + 1 })
        for (index, change) in queued.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(change.json)
        }
        body.append(contentsOf: "]}".utf8)
        return try await push(body: body)
    }

    private func push(body: Data) async throws -> PushResponse {
        let answer = try await send(.POST, Endpoint.changes, encodedBody: body)
        do {
            return try PushResponse.decode(json: answer)
        } catch {
            throw ClientError.incompatibleServer(
                "the answer to a push from \(server) is not what protocol v\(ProtocolVersion.current) describes: \(error)"
            )
        }
    }

    /// The content digest of every record the account may see on the server (SPEC §6.2).
    public func digests() async throws -> [UUID: String] {
        let document = try await send(.GET, Endpoint.digests, encodedBody: nil, as: RecordDigests.self)
        do {
            return try document.byRecord()
        } catch {
            throw ClientError.incompatibleServer("the digests from \(server) are not what protocol v\(ProtocolVersion.current) describes: \(error)")
        }
    }

    public func pull(cursor: String?, limit: Int, wait: Int? = nil) async throws -> PullResponse {
        try await startPull(cursor: cursor, limit: limit, wait: wait).page()
    }

    /// Asks for a page and returns as soon as the answer's head arrives, its body still to be read:
    /// the head names the cursor that continues after this page (``PullStart/next``), so the next
    /// page can be asked for while this one downloads, decodes and merges.
    ///
    /// Records the replica holds come as their new part only (`updates=true`, SPEC §5.3).
    public func startPull(cursor: String?, limit: Int, wait: Int? = nil) async throws -> PullStart {
        var query = ["limit=\(limit)", "updates=true"]
        if let cursor { query.append("cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? cursor)") }
        if let wait { query.append("wait=\(wait)") }
        let answer = try await start(.GET, Endpoint.changes + "?" + query.joined(separator: "&"), encodedBody: nil, extraTime: wait ?? 0)
        var next: PullStart.Continuation?
        if answer.isSuccess, let cursor = answer.header(PullResponse.cursorHeader), let hasMore = answer.header(PullResponse.hasMoreHeader) {
            next = PullStart.Continuation(cursor: cursor, hasMore: hasMore == "true")
        }
        return PullStart(next: next, answer: answer, server: server)
    }

    private struct Empty: Decodable {}

    private func send<Response: Decodable>(
        _ method: HTTPMethod,
        _ path: String,
        body: some Encodable,
        as type: Response.Type,
        isLogin: Bool = false,
        extraTime: Int = 0
    ) async throws -> Response {
        try await send(method, path, encodedBody: try WireCoding.encode(body), as: type, isLogin: isLogin, extraTime: extraTime)
    }

    private func send<Response: Decodable>(
        _ method: HTTPMethod,
        _ path: String,
        encodedBody: Data?,
        as type: Response.Type,
        isLogin: Bool = false,
        extraTime: Int = 0
    ) async throws -> Response {
        var data = try await send(method, path, encodedBody: encodedBody, isLogin: isLogin, extraTime: extraTime)
        if Response.self == Empty.self, data.isEmpty { data = Data("{}".utf8) }
        do {
            return try WireCoding.decoder().decode(Response.self, from: data)
        } catch {
            throw ClientError.incompatibleServer(
                "the answer from \(server)\(path) is not what protocol v\(ProtocolVersion.current) describes: \(error)"
            )
        }
    }

    /// Sends a request and returns the body of a successful answer; every failure becomes a ``ClientError``.
    private func send(_ method: HTTPMethod, _ path: String, encodedBody: Data?, isLogin: Bool = false, extraTime: Int = 0) async throws -> Data {
        try await start(method, path, encodedBody: encodedBody, isLogin: isLogin, extraTime: extraTime).body()
    }

    /// Sends a request and returns once the answer's head has arrived.
    private func start(_ method: HTTPMethod, _ path: String, encodedBody: Data?, isLogin: Bool = false, extraTime: Int = 0) async throws -> Answer {
        var request = HTTPClientRequest(url: server + path)
        request.method = method
        request.headers.add(name: "Accept-Encoding", value: "br, gzip")
        request.headers.add(name: "User-Agent", value: "followup/1")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        var bodySize = 0
        if let encodedBody {
            var body = encodedBody
            request.headers.add(name: "Content-Type", value: "application/json")
            if body.count > Self.compressionThreshold, let compressed = Gzip.encode(body) {
                body = compressed
                request.headers.add(name: "Content-Encoding", value: "gzip")
            }
            bodySize = body.count
            request.body = .bytes(ByteBuffer(data: body))
        }
        let sent = request.body.map { _ in bodySize } ?? 0
        let deadline = ContinuousClock.now + retryWindow
        var attempt = 0
        while true {
            attempt += 1
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, timeout: .seconds(Int64(60 + extraTime)))
            } catch {
                let reason = Self.describe(error)
                guard Self.isTransient(reason), let pause = Self.pause(attempt: attempt, retryAfter: nil, until: deadline) else {
                    throw ClientError.unreachable(server: server, reason: reason)
                }
                try await Task.sleep(for: pause)
                continue
            }
            traffic.withLock {
                $0.sent += sent
                $0.requests += 1
            }
            // A proxy between instances (502, 504) or an instance that cannot reach its database
            // (503): pushes are idempotent by change id and pulls read only, so both are retried.
            if [502, 503, 504].contains(response.status.code),
                let pause = Self.pause(attempt: attempt, retryAfter: response.headers.first(name: "Retry-After").flatMap(Int.init), until: deadline)
            {
                _ = try? await response.body.collect(upTo: 1024 * 1024)
                try await Task.sleep(for: pause)
                continue
            }
            return Answer(response: response, server: server, path: path, isLogin: isLogin, client: self)
        }
    }

    /// Whether a transport failure may pass by itself (an instance restarting), by its description.
    static func isTransient(_ reason: String) -> Bool {
        ["connection refused", "timed out", "connection reset", "remoteConnectionClosed", "Connection reset", "closed"].contains {
            reason.contains($0)
        }
    }

    /// How long to wait before attempt `attempt + 1`: 0.25 s doubling to 4 s, jittered by up to half
    /// either way so that many clients do not return together, or what `Retry-After` asks (at most
    /// 10 s); `nil` when that would pass `deadline`.
    static func pause(attempt: Int, retryAfter: Int?, until deadline: ContinuousClock.Instant) -> Duration? {
        let base = min(4.0, 0.25 * pow(2.0, Double(min(attempt - 1, 8))))
        let seconds = retryAfter.map { Double(min(max($0, 0), 10)) } ?? base * Double.random(in: 0.5...1.5)
        let pause = Duration.milliseconds(Int64(seconds * 1000))
        return ContinuousClock.now + pause < deadline ? pause : nil
    }

    /// An answer whose head has arrived and whose body has not been read yet.
    struct Answer: Sendable {
        let response: HTTPClientResponse
        let server: String
        let path: String
        let isLogin: Bool
        let client: SyncClient

        var isSuccess: Bool { (200..<300).contains(Int(response.status.code)) }

        func header(_ name: String) -> String? {
            response.headers.first(name: name)
        }

        /// Reads the body to its end and decodes it; a failure status becomes its ``ClientError``.
        func body() async throws -> Data {
            let status = Int(response.status.code)
            let contentType = header("Content-Type")
            let contentEncoding = header("Content-Encoding")?.lowercased()
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: 512 * 1024 * 1024)
            } catch {
                throw ClientError.unreachable(server: server, reason: SyncClient.describe(error))
            }
            let received = buffer.readableBytes
            client.traffic.withLock { $0.received += received }
            let data: Data
            do {
                switch contentEncoding {
                case "gzip":
                    data = try Gzip.decode(Data(buffer: buffer), maxSize: SyncClient.maxDecodedBody)
                case "br":
                    data = try Brotli.decode(Data(buffer: buffer), maxSize: SyncClient.maxDecodedBody)
                default:
                    data = Data(buffer: buffer)
                }
            } catch {
                throw ClientError.incompatibleServer(
                    "the answer from \(server)\(path) could not be decoded (\(contentEncoding ?? "identity")): \(error)"
                )
            }
            if (200..<300).contains(status) { return data }
            guard contentType?.hasPrefix(Problem.mediaType) == true, let problem = try? WireCoding.decoder().decode(Problem.self, from: data) else {
                if [502, 503, 504].contains(status) {
                    // A proxy's error page: the server behind it is down or restarting.
                    throw ClientError.unreachable(server: server, reason: "the server is unavailable (its proxy answered \(status))")
                }
                if status == 404 {
                    throw ClientError.incompatibleServer(
                        "\(server) does not answer \(path): it is not a FollowUp server speaking protocol v\(ProtocolVersion.current)"
                    )
                }
                throw ClientError.server(status: status, message: String(decoding: data.prefix(200), as: UTF8.self))
            }
            throw SyncClient.error(for: problem, isLogin: isLogin, server: server)
        }
    }

    static func error(for problem: Problem, isLogin: Bool, server: String) -> any Error {
        switch problem.kind {
        case .invalidCredentials, .accountDisabled, .tooManyAttempts:
            return ClientError.loginRefused(problem.detail)
        case .unauthorized, .tokenExpired, .tokenRevoked:
            return isLogin ? ClientError.loginRefused(problem.detail) : ClientError.sessionEnded(problem.detail)
        case .unsupportedVersion:
            return ClientError.incompatibleServer(problem.detail)
        case .invalidCursor, .foreignCursor:
            return CursorRefused(detail: problem.detail, stale: false)
        case .staleCursor:
            return CursorRefused(detail: problem.detail, stale: true)
        case .unavailable:
            return ClientError.unreachable(server: server, reason: "it is unavailable: \(problem.detail)")
        default:
            return ClientError.server(status: problem.status, message: problem.description)
        }
    }

    fileprivate static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("Timeout") { return "timed out" }
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("NXDOMAIN") || text.contains("resolve") || text.contains("lookup") { return "unknown host" }
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}

/// The server refused the cursor (another server, another account, or restored from a backup):
/// the synchronizer starts the pull over from the beginning.
struct CursorRefused: Error {
    var detail: String
    /// The server's data went back in time (restored from a backup): it may lack changes it once
    /// acknowledged, which the synchronizer sends again first (SPEC §6.2).
    var stale: Bool
}

extension SyncClient {
    /// Runs `body` with this client and shuts it down afterwards, whatever happens.
    public func using<Result>(_ body: (SyncClient) async throws -> Result) async throws -> Result {
        do {
            let result = try await body(self)
            await shutdown()
            return result
        } catch {
            await shutdown()
            throw error
        }
    }
}
