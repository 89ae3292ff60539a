import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// Replays every exchange in `Protocol/examples/` against the real server, so the published
/// examples (and the spec they illustrate) cannot drift from the code.
///
/// An example file lists accounts to create, then exchanges: a request, and the response expected
/// to it. In strings, `{{name}}` is a variable: in a request it is replaced by its value; in an
/// expected response a variable not yet known captures the actual value (ids, tokens, cursors), a
/// known one must match, and `{{*}}` matches anything. The server's clock stands at
/// 2026-11-20T15:00:00Z, so examples can spell out timestamps and expiry dates.
@Suite("Protocol examples")
struct ProtocolExampleTests {
    static let examplesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/examples")

    static var exampleFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test("there are examples to replay")
    func examplesExist() {
        #expect(Self.exampleFiles.count >= 6)
    }

    @Test("each example replays exactly against the server", arguments: exampleFiles)
    func replay(file: String) async throws {
        let data = try Data(contentsOf: Self.examplesDirectory.appendingPathComponent(file))
        let example = try JSONDecoder().decode(FieldValue.self, from: data)
        guard case let .object(root) = example, case let .array(exchanges)? = root["exchanges"] else {
            Issue.record("\(file): no exchanges")
            return
        }
        let harness = try ServerHarness()
        defer { harness.remove() }
        harness.clock.set(Self.exampleNow)
        let variables = Variables()
        if case let .array(accounts)? = root["accounts"] {
            for account in accounts {
                guard case let .object(fields) = account, let username = fields["username"]?.stringValue,
                    let role = fields["role"]?.stringValue.flatMap(Role.init(rawValue:))
                else { continue }
                let created = try await harness.createAccount(username, role: role, displayName: fields["displayName"]?.stringValue)
                variables.set("\(username).id", created.id.uuidString.lowercased())
            }
        }
        try await harness.withServer { api in
            for (index, exchange) in exchanges.enumerated() {
                guard case let .object(parts) = exchange, case let .object(request)? = parts["request"],
                    case let .object(response)? = parts["response"]
                else {
                    Issue.record("\(file) #\(index): malformed exchange")
                    return
                }
                let reply = try await Self.send(request, variables: variables, api: api)
                let label = "\(file) exchange \(index + 1)"
                #expect(reply.status == Int(response["status"]?.numberValue ?? 0), "\(label): \(reply.text)")
                if let expected = response["body"] {
                    guard let actual = try? JSONDecoder().decode(FieldValue.self, from: reply.body) else {
                        Issue.record("\(label): the body is not JSON: \(reply.text)")
                        continue
                    }
                    for mismatch in variables.match(expected, actual, at: "body") {
                        Issue.record("\(label): \(mismatch)")
                    }
                } else {
                    #expect(reply.body.isEmpty, "\(label): expected no body, got \(reply.text)")
                }
                // After the body, whose placeholders (a cursor, say) the headers may repeat.
                if case let .object(headers)? = response["headers"] {
                    for (name, value) in headers {
                        guard let field = HTTPField.Name(name) else { continue }
                        #expect(reply.headers[field] == value.stringValue.map(variables.substitute), "\(label): header \(name)")
                    }
                }
            }
        }
    }

    static let exampleNow = Date(timeIntervalSince1970: 1_795_186_800)

    static func send(_ request: [String: FieldValue], variables: Variables, api: APIClient) async throws -> APIClient.Reply {
        let method = HTTPRequest.Method(request["method"]?.stringValue ?? "GET") ?? .get
        let path = variables.substitute(request["path"]?.stringValue ?? "/")
        var headers: HTTPFields = [:]
        if case let .object(fields)? = request["headers"] {
            for (name, value) in fields {
                if let field = HTTPField.Name(name), let text = value.stringValue { headers[field] = variables.substitute(text) }
            }
        }
        var body: Data?
        if let raw = request["rawBody"]?.stringValue {
            body = Data(variables.substitute(raw).utf8)
        } else if let json = request["body"] {
            body = try WireCoding.encode(variables.substitute(json))
        }
        return try await api.request(method, path, body: body, headers: headers)
    }
}

/// The variables of one example, filled as responses arrive.
final class Variables: Sendable {
    private let values = Mutex<[String: String]>([:])

    func set(_ name: String, _ value: String) {
        values.withLock { $0[name] = value }
    }

    func value(_ name: String) -> String? {
        values.withLock { $0[name] }
    }

    func substitute(_ text: String) -> String {
        values.withLock { values in
            values.reduce(text) { result, entry in result.replacingOccurrences(of: "{{\(entry.key)}}", with: entry.value) }
        }
    }

    func substitute(_ value: FieldValue) -> FieldValue {
        switch value {
        case let .string(text): .string(substitute(text))
        case let .array(items): .array(items.map(substitute))
        case let .object(members): .object(members.mapValues(substitute))
        default: value
        }
    }

    /// Compares an expected document with the actual one; returns what differs.
    func match(_ expected: FieldValue, _ actual: FieldValue, at path: String) -> [String] {
        switch expected {
        case let .string(text) where text.hasPrefix("{{") && text.hasSuffix("}}") && !text.dropFirst(2).contains("{"):
            let name = String(text.dropFirst(2).dropLast(2))
            if name == "*" { return [] }
            guard let value = actual.stringValue else { return ["\(path): expected a string for \(text), got \(actual.canonicalJSON)"] }
            if let known = self.value(name) {
                return known == value ? [] : ["\(path): expected \(name) = \(known), got \(value)"]
            }
            set(name, value)
            return []
        case let .object(members):
            guard case let .object(actualMembers) = actual else { return ["\(path): expected an object, got \(actual.canonicalJSON)"] }
            var problems: [String] = []
            for key in Set(members.keys).union(actualMembers.keys).sorted() {
                switch (members[key], actualMembers[key]) {
                case let (expected?, actual?): problems += match(expected, actual, at: "\(path).\(key)")
                case (.some, nil): problems.append("\(path).\(key) is missing")
                case (nil, .some): problems.append("\(path).\(key) is not in the example")
                case (nil, nil): break
                }
            }
            return problems
        case let .array(items):
            guard case let .array(actualItems) = actual, actualItems.count == items.count else {
                return ["\(path): expected \(items.count) items, got \(actual.canonicalJSON)"]
            }
            return zip(items, actualItems).enumerated().flatMap { match($1.0, $1.1, at: "\(path)[\($0)]") }
        default:
            let expectedValue = substitute(expected)
            return expectedValue == actual ? [] : ["\(path): expected \(expectedValue.canonicalJSON), got \(actual.canonicalJSON)"]
        }
    }
}
