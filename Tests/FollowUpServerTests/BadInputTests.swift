import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Testing

/// Every kind of bad input gets a clear 4xx problem, stores nothing, and the server keeps serving.
@Suite("Bad input")
struct BadInputTests {
    static let bodies: [(String, Data, Int, ProblemType)] = [
        ("malformed JSON", Data(#"{"changes": [}"#.utf8), 400, .invalidJSON),
        ("empty body", Data(), 400, .invalidJSON),
        ("JSON of the wrong type", Data("[1, 2, 3]".utf8), 422, .invalidRequest),
        ("changes of the wrong type", Data(#"{"changes": "all of them"}"#.utf8), 422, .invalidRequest),
        ("a missing member", Data("{}".utf8), 422, .invalidRequest),
        ("an unknown envelope member", Data(#"{"changes": [], "force": true}"#.utf8), 422, .invalidRequest),
        ("invalid UTF-8", Data([0x7B, 0x22, 0x63, 0xFF, 0xFE, 0x22, 0x3A, 0x5B, 0x5D, 0x7D]), 400, .invalidJSON),
        ("a member given twice", Data(#"{"changes": [], "changes": []}"#.utf8), 400, .invalidJSON),
        (
            "a field set twice in one change",
            Data(
                #"{"changes": [{"id": "c0000000-0000-4000-8000-000000000001", "type": "interview", "entity": "e0000000-0000-4000-8000-000000000001", "owner": "00000000-0000-4000-8000-000000000000", "at": "01a1f977cb20-0000-00000000000000a1", "set": {"company": "Acme", "company": "Initech"}}]}"#
                    .utf8
            ),
            400, .invalidJSON
        ),
    ]

    @Test("malformed push bodies", arguments: 0..<bodies.count)
    func malformedBodies(index: Int) async throws {
        let (name, body, status, kind) = Self.bodies[index]
        try await ServerHarness.withSeeker { harness, api, token, ana in
            let reply = try await api.request(.post, Endpoint.changes, token: token, body: body)
            #expect(reply.status == status, "\(name): \(reply.text)")
            #expect(reply.problem?.kind == kind, "\(name)")
            #expect(reply.problem?.requestId?.isEmpty == false)
            #expect(reply.headers[HTTPField.Name("X-Request-ID")!] != nil)
            // Still serving, and nothing was stored.
            #expect(try await api.pullAll(token: token).flatMap(\.entities).isEmpty)
            var factory = harness.changeFactory()
            try await api.pushAccepted([factory.interview(owner: ana.id)], token: token)
        }
    }

    @Test("a body that is not JSON gets 415")
    func wrongMediaType() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            let reply = try await api.request(
                .post,
                Endpoint.changes,
                token: token,
                body: Data("changes=1".utf8),
                headers: [.contentType: "application/x-www-form-urlencoded"]
            )
            #expect(reply.status == 415)
            #expect(reply.problem?.kind == .unsupportedMediaType)
        }
    }

    @Test("SQL metacharacters in every string are stored and returned verbatim")
    func sqlMetacharacters() async throws {
        let nasty = #"Robert'); DROP TABLE entities;-- "quoted" \ % _ ; /* */"#
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            var change = factory.interview(owner: ana.id, company: nasty, fields: ["position": .string(nasty), "x-\(UUID())": .string(nasty)])
            change.add = ["tags": [nasty]]
            try await api.pushAccepted([change], token: token)
            let state = try #require(try await api.pullAll(token: token).flatMap(\.entities).first)
            #expect(state.string("company") == nasty)
            #expect(state.string("position") == nasty)
            #expect(state.elements("tags") == [nasty])

            let login = try await api.request(.post, Endpoint.login, json: LoginRequest(username: nasty, password: nasty, device: nasty))
            #expect(login.status == 401)
            let device = try await api.request(
                .post,
                Endpoint.login,
                json: LoginRequest(username: "ana", password: ServerHarness.password, device: nasty)
            )
            #expect(try device.decode(LoginResponse.self).device.name == nasty)
            let cursor = try await api.pull(token: token, cursor: "'; DROP TABLE grants;--")
            #expect(cursor.status == 400)
            #expect(try await api.request(.get, "\(Endpoint.adminAccounts)/x';--").status == 401)
            #expect(try await api.pullAll(token: token).flatMap(\.entities).count == 1)
        }
    }

    @Test("unknown paths and versions get problems, not HTML")
    func unknownPaths() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        try await harness.withServer { api in
            let v2 = try await api.request(.get, "/v2/changes")
            #expect(v2.status == 404)
            #expect(v2.problem?.kind == .unsupportedVersion)
            #expect(v2.problem?.detail.contains("version 1") == true)
            let missing = try await api.request(.get, "/v1/nothing-here")
            #expect(missing.problem?.kind == .notFound)
            let health = try await api.request(.get, Endpoint.health)
            #expect(health.status == 200)
            let info = try await api.request(.get, Endpoint.info).decode(ServerInfo.self)
            #expect(info.versions == [1])
            #expect(info.limits.maxBatch == harness.configuration.maxBatch)
        }
    }

    @Test("a method a path does not take gets 405 with Allow, before any token is asked for; HEAD works where GET does")
    func wrongMethods() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        try await harness.withServer { api in
            let put = try await api.request(.put, Endpoint.changes)
            #expect(put.status == 405)
            #expect(put.problem?.kind == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, HEAD, POST", "\(put.headers)")
            let login = try await api.request(.get, Endpoint.login)
            #expect(login.status == 405 && login.headers[.allow] == "POST")
            let health = try await api.request(.delete, Endpoint.health)
            #expect(health.status == 405 && health.problem?.detail.contains("GET") == true)
            #expect(try await api.request(.head, Endpoint.health).status == 200)
            #expect(try await api.request(.get, Endpoint.changes).status == 401, "the right method still needs a token")
            #expect(try await api.request(.put, "/v1/nothing-here").status == 404, "an unknown path stays 404")
        }
    }

    @Test("null where a member may only be left out is refused, naming the member")
    func nullMembers() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("root", role: .admin)
        _ = try await harness.createAccount("ana", role: .seeker, displayName: "Ana Ruiz")
        try await harness.withServer { api in
            let admin = try await api.login("root")
            for member in ["displayName", "disabled", "password"] {
                let body = Data(#"{"\#(member)": null}"#.utf8)
                let reply = try await api.request(.patch, "\(Endpoint.adminAccounts)/ana", token: admin, body: body)
                #expect(reply.status == 422, "\(member): \(reply.text)")
                #expect(reply.problem?.kind == .invalidRequest)
                #expect(reply.problem?.field == member, "\(reply.text)")
            }
            let create = try await api.request(
                .post,
                Endpoint.adminAccounts,
                token: admin,
                body: Data(#"{"username": "ben", "password": "long enough password", "role": "seeker", "displayName": null}"#.utf8)
            )
            #expect(create.status == 422 && create.problem?.field == "displayName", "\(create.text)")
            let ana = try await api.request(.get, "\(Endpoint.adminAccounts)/ana", token: admin).decode(AccountInfo.self)
            #expect(ana.displayName == "Ana Ruiz" && !ana.disabled, "nothing changed")
        }
    }

    @Test("a caseload call naming an account of the wrong role says what it is, in English")
    func wrongRoleWording() async throws {
        try await ServerHarness.withAdmin { _, api, admin, _ in
            let reply = try await api.request(.put, "\(Endpoint.adminCounselors)/root/seekers/ana", token: admin)
            #expect(reply.status == 422)
            #expect(reply.problem?.detail == "root is an admin, not a counselor", "\(reply.text)")
        }
    }
}
