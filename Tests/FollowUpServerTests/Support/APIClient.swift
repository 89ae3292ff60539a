import AsyncHTTPClient
import FollowUpCore
import FollowUpProtocol
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing

/// A thin JSON client over the test server, speaking the protocol as an outside client would:
/// through HummingbirdTesting's client, or to a server instance listening on a port.
struct APIClient: Sendable {
    typealias Send = @Sendable (_ uri: String, _ method: HTTPRequest.Method, _ headers: HTTPFields, _ body: ByteBuffer?) async throws -> Reply
    private let send: Send
    /// The port the server listens on.
    let port: Int?
    let harness: ServerHarness

    init(client: any TestClientProtocol, harness: ServerHarness) {
        send = { uri, method, headers, body in
            let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
            return Reply(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
        }
        port = client.port
        self.harness = harness
    }

    /// A client of the instance listening on `port`, over `http`.
    init(port: Int, http: HTTPClient, harness: ServerHarness) {
        send = { uri, method, headers, body in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(uri)")
            request.method = HTTPMethod(rawValue: method.rawValue)
            for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
            if let body { request.body = .bytes(body) }
            let response = try await http.execute(request, timeout: .seconds(120))
            var fields = HTTPFields()
            for header in response.headers {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            let bytes = try await response.body.collect(upTo: 256 << 20)
            return Reply(status: Int(response.status.code), headers: fields, body: Data(bytes.readableBytesView))
        }
        self.port = port
        self.harness = harness
    }

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPFields
        var body: Data

        func decode<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
            try WireCoding.decoder().decode(type, from: body)
        }

        /// The reply as a pull page, read with the wire codec as a client reads it.
        func page() throws -> PullResponse {
            try PullResponse.decode(json: body)
        }

        /// The problem document of an error reply; records an issue if it is not one.
        var problem: Problem? {
            #expect(headers[.contentType] == Problem.mediaType, "an error must be application/problem+json: \(text)")
            return try? decode(Problem.self)
        }

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func request(
        _ method: HTTPRequest.Method,
        _ path: String,
        token: String? = nil,
        body: Data? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await send(path, method, headers, body.map { ByteBuffer(bytes: $0) })
    }

    func request(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: some Encodable) async throws -> Reply {
        try await request(method, path, token: token, body: try WireCoding.encode(json))
    }

    /// Logs in (for `replica`, when given) and returns the token; the login must succeed.
    func login(_ username: String, device: String = "test device", replica: ReplicaID? = nil) async throws -> String {
        let reply = try await request(
            .post,
            Endpoint.login,
            json: LoginRequest(username: username, password: ServerHarness.password, device: device, replica: replica)
        )
        #expect(reply.status == 201, "login \(username): \(reply.text)")
        return try reply.decode(LoginResponse.self).token
    }

    func push(_ changes: [Change], token: String) async throws -> Reply {
        try await request(.post, Endpoint.changes, token: token, body: PushRequest(changes: changes).jsonData)
    }

    /// Pushes changes that must all be accepted; returns their results.
    @discardableResult
    func pushAccepted(_ changes: [Change], token: String) async throws -> [PushResult] {
        let reply = try await push(changes, token: token)
        #expect(reply.status == 200, "\(reply.text)")
        let results = try reply.decode(PushResponse.self).results
        #expect(results.allSatisfy { $0.status == .accepted }, "\(results.filter { $0.status != .accepted })")
        return results
    }

    func pull(token: String, cursor: String? = nil, limit: Int? = nil, wait: Int? = nil, updates: Bool = false) async throws -> Reply {
        var query: [String] = updates ? ["updates=true"] : []
        if let cursor { query.append("cursor=\(cursor)") }
        if let limit { query.append("limit=\(limit)") }
        if let wait { query.append("wait=\(wait)") }
        return try await request(.get, Endpoint.changes + (query.isEmpty ? "" : "?" + query.joined(separator: "&")), token: token)
    }

    /// Pulls every page from `cursor` to the end; returns all pages.
    func pullAll(token: String, cursor: String? = nil, limit: Int? = nil, updates: Bool = false) async throws -> [PullResponse] {
        var pages: [PullResponse] = []
        var cursor = cursor
        while true {
            let reply = try await pull(token: token, cursor: cursor, limit: limit, updates: updates)
            #expect(reply.status == 200, "\(reply.text)")
            let page = try reply.page()
            pages.append(page)
            cursor = page.cursor
            if !page.hasMore || pages.count > 10_000 { return pages }
        }
    }
}
