import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Testing

/// `Protocol/openapi.json` describes exactly the routes the server serves.
@Suite("OpenAPI document")
struct OpenAPITests {
    static let document = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/openapi.json")

    static func operations() throws -> [(method: String, path: String)] {
        let root = try JSONDecoder().decode(FieldValue.self, from: Data(contentsOf: document))
        guard case let .object(members) = root, case let .object(paths)? = members["paths"] else { return [] }
        return paths.flatMap { path, item -> [(String, String)] in
            guard case let .object(operations) = item else { return [] }
            return operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { ($0.uppercased(), path) }
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    @Test("every documented operation is served (never a route-not-found)")
    func everyOperationServed() async throws {
        let operations = try Self.operations()
        #expect(operations.count == 23)
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("root", role: .admin)
        _ = try await harness.createAccount("carla", role: .counselor)
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let admin = try await api.login("root")
            for (method, template) in operations {
                let path = template.replacingOccurrences(of: "{username}", with: "carla").replacingOccurrences(of: "{seeker}", with: "ana")
                    .replacingOccurrences(of: "{id}", with: UUID().uuidString)
                let body: Data? = ["POST", "PATCH"].contains(method) ? Data("{}".utf8) : nil
                let reply = try await api.request(HTTPRequest.Method(method) ?? .get, path, token: admin, body: body)
                let routeMissing = reply.status == 404 && (reply.problem?.detail.hasPrefix("there is no") ?? false)
                #expect(!routeMissing, "\(method) \(template) is documented but not served")
            }
        }
    }

    @Test("an undocumented method on a documented path gets 405, its Allow the documented methods; an undocumented path 404")
    func undocumentedIsNotServed() async throws {
        let documented = Dictionary(grouping: try Self.operations(), by: \.path).mapValues { Set($0.map(\.method)) }
        let harness = try ServerHarness()
        defer { harness.remove() }
        try await harness.withServer { (api: APIClient) async throws in
            for (template, methods) in documented {
                let path = template.replacingOccurrences(of: "{username}", with: "carla").replacingOccurrences(of: "{seeker}", with: "ana")
                    .replacingOccurrences(of: "{id}", with: UUID().uuidString)
                for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] where !methods.contains(method) {
                    let reply = try await api.request(HTTPRequest.Method(method) ?? .get, path)
                    #expect(reply.status == 405, "\(method) \(template): \(reply.status)")
                    let allow = Set(reply.headers[.allow]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
                    #expect(allow.subtracting(["HEAD"]) == methods, "\(method) \(template): Allow \(allow)")
                }
            }
            #expect(try await api.request(.get, "/v1/admin").status == 404)
        }
    }
}
