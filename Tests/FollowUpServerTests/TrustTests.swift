import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import FollowUpTestSupport
import Foundation
import HTTPTypes
import NIOHTTP1
import Testing

/// What a hostile client tries: spraying logins, locking a user out, guessing feed addresses,
/// holding connections, and writing mail headers into an interviewer's email.
@Suite("Trust: throttles, addresses, secrets", .timeLimit(.minutes(2)))
struct TrustTests {
    static func login(_ api: APIClient, _ username: String, password: String, from address: String) async throws -> Int {
        let body = try WireCoding.encode(LoginRequest(username: username, password: password, device: "x"))
        return try await api.request(.post, Endpoint.login, body: body, headers: [.xForwardedForTest: address]).status
    }

    @Test("200 parallel logins over 200 usernames from one address: only the address's free attempts reach a password check")
    func sprayFromOneAddress() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        try await harness.withServer { api in
            // Five waves of 40 at once (the test client's connection pool holds about that many).
            var statuses: [Int: Int] = [:]
            for wave in 0..<5 {
                let counted = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<40 {
                        group.addTask { try await Self.login(api, "user\(wave)-\(index)", password: "guess", from: "203.0.113.50") }
                    }
                    return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
                }
                statuses.merge(counted, uniquingKeysWith: +)
            }
            // The address's count is taken before bcrypt: 20 free, the 21st counted and blocked after.
            #expect(statuses[401] == AccountService.freeAttemptsPerAddress + 1, "\(statuses)")
            #expect(statuses[429] == 200 - AccountService.freeAttemptsPerAddress - 1, "\(statuses)")
        }
    }

    @Test("an attacker hammering one account from one address cannot lock its owner out from another")
    func ownerKeepsAWayIn() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            var ownerIn = 0
            for round in 0..<60 {
                // Ten guesses a "second" from the attacker, then the owner tries once.
                for _ in 0..<10 { _ = try await Self.login(api, "ana", password: "guess \(round)", from: "198.51.100.66") }
                if try await Self.login(api, "ana", password: ServerHarness.password, from: "192.0.2.10") == 201 { ownerIn += 1 }
                harness.clock.advance(by: 1)
            }
            #expect(ownerIn == 60, "the owner got in \(ownerIn) of 60 times")
            // The attacker stays throttled: blocked now, even with the right password.
            let attacker = try await Self.login(api, "ana", password: ServerHarness.password, from: "198.51.100.66")
            #expect(attacker == 429)
        }
    }

    @Test("a shared address's failures are forgotten after 15 quiet minutes; successes never add up")
    func failuresDecay() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let center = "203.0.113.77"
            for index in 0..<AccountService.freeAttemptsPerAddress {
                let status = try await Self.login(api, "student\(index)", password: "typo", from: center)
                #expect(status == 401)
            }
            // A week later (the counts quiet since), a typo there is one typo, not a block.
            harness.clock.advance(by: AccountService.forgetFailuresAfter + 1)
            let typo = try await Self.login(api, "ana", password: "typo", from: center)
            let another = try await Self.login(api, "someone", password: "typo", from: center)
            #expect(typo == 401 && another == 401)
            for _ in 0..<30 {
                let status = try await Self.login(api, "ana", password: ServerHarness.password, from: center)
                #expect(status == 201)
            }
            let after = try await Self.login(api, "other", password: "typo", from: center)
            #expect(after == 401, "successes took their counts back")
        }
    }

    @Test("wrong feed addresses are counted per client address: 429 after 30, the real feed still served to others")
    func feedGuessing() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let feed = try await api.request(.post, Endpoint.calendarFeed, token: try await api.login("ana")).decode(CalendarFeedInfo.self)
            func get(_ path: String, from address: String) async throws -> Int {
                try await api.request(.get, path, headers: [.xForwardedForTest: address]).status
            }
            for index in 0..<30 { #expect(try await get("/calendar/fu_guess\(index).ics", from: "198.51.100.9") == 404) }
            #expect(try await get("/calendar/fu_guess-more.ics", from: "198.51.100.9") == 429)
            #expect(try await get(feed.path, from: "198.51.100.9") == 429, "the guessing address is refused outright")
            #expect(try await get(feed.path, from: "192.0.2.44") == 200)
        }
    }

    @Test("an interviewer email with a line break is refused on push; a plain one is taken")
    func emailOnPush() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        var factory = harness.changeFactory()
        let person = UUID()
        let injected = factory.edit(
            .interviewer,
            entity: person,
            owner: ana.id,
            set: ["name": "Bob", "email": "bob@example.org\r\nBcc: victim@example.net\r\nX-Injected: 1"]
        )
        let plain = factory.edit(.interviewer, entity: person, owner: ana.id, set: ["email": "bob@example.org"])
        try await harness.withServer { api in
            let token = try await api.login("ana")
            let results = try await api.push([injected], token: token).decode(PushResponse.self).results
            #expect(results.first?.rejection?.code == Rejection.Code.invalid && results.first?.rejection?.field == "set.email", "\(results)")
            try await api.pushAccepted([plain], token: token)
        }
    }

    @Test("TRACE, OPTIONS and PROPFIND on a known path get 405 with Allow, like the other methods")
    func probedMethods() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        try await harness.withServer { api in
            for method in ["TRACE", "OPTIONS", "PROPFIND"] {
                let reply = try await api.request(try #require(HTTPRequest.Method(method)), Endpoint.login)
                #expect(reply.status == 405, "\(method): \(reply.status)")
                #expect(reply.headers[.allow] == "POST", "\(method)")
            }
            #expect(try await api.request(try #require(HTTPRequest.Method("PROPFIND")), "/no/such/path").status == 404)
        }
    }

    @Test("one address cannot hold all the connections: past its share it is closed, others are served")
    func connectionsPerAddress() async throws {
        let harness = try ServerHarness { $0.maxConnectionsPerAddress = 5 }
        defer { harness.remove() }
        try await harness.withServer { api in
            let port = try #require(api.port)
            let held = try (0..<5).map { _ in try RawConnection(port: port, from: "127.0.0.2") }
            try await Task.sleep(for: .milliseconds(200))
            let extra = try RawConnection(port: port, from: "127.0.0.2")
            let (text, closed) = try await ChildProcess.onOwnThread { extra.readUntilClosed(timeout: .seconds(3)) }
            #expect(closed && text.isEmpty, "the sixth connection from one address is closed without an answer")
            let other = try RawConnection(port: port, from: "127.0.0.3")
            #expect(try await ChildProcess.onOwnThread { other.readUntilClosed(timeout: .milliseconds(300)) }.closed == false)
            #expect(try await api.request(.get, Endpoint.health).status == 200, "the proxy's address (127.0.0.1) is served")
            _ = held
        }
    }
}

@Suite("Trust: the access log", .timeLimit(.minutes(2)))
struct AccessLogSecretTests {
    @Test("the access log never shows a calendar feed's token")
    func feedTokenNotLogged() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("followup-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        let created = try await ChildProcess.run(
            "followup-server",
            ["admin", "create-account", "ana", "--role", "seeker", "--data", data],
            input: "ana password\n",
            environment: ["FOLLOWUP_BCRYPT_COST": "4"]
        )
        #expect(created.status == 0, "\(created.error)")
        let server = try await ServerProcess.start(data: data)
        let base = "http://127.0.0.1:\(server.port)"
        let login = try WireCoding.encode(LoginRequest(username: "ana", password: "ana password", device: "x"))
        let token = try WireCoding.decoder().decode(
            LoginResponse.self,
            from: try await ServerProcessTests.send(.POST, base + Endpoint.login, json: login).1
        )
        .token
        let feed = try WireCoding.decoder().decode(
            CalendarFeedInfo.self,
            from: try await ServerProcessTests.send(.POST, base + Endpoint.calendarFeed, token: token).1
        )
        let (status, _) = try await ServerProcessTests.send(.GET, base + feed.path)
        #expect(status == 200)
        let secret = String(feed.path.dropFirst("/calendar/".count).dropLast(".ics".count))
        try await server.child.waitFor("/calendar/(token hidden).ics 200")
        #expect(!server.log.contains(secret), "the feed's token is in the log")
        server.child.signal(SIGTERM)
        _ = try await server.child.exitStatus(timeout: .seconds(10))
    }
}
