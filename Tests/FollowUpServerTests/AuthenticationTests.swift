import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Testing

@Suite("Logging in, tokens and devices")
struct AuthenticationTests {
    @Test("login returns a token for a named device; /me and /devices show it")
    func login() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker, displayName: "Ana Ruiz")
        try await harness.withServer { api in
            let reply = try await api.request(
                .post,
                Endpoint.login,
                json: LoginRequest(username: "ANA", password: ServerHarness.password, device: "work laptop")
            )
            #expect(reply.status == 201)
            let login = try reply.decode(LoginResponse.self)
            #expect(login.account == ana, "usernames are case-insensitive")
            #expect(login.device.name == "work laptop")
            #expect(login.token.hasPrefix("fu_") && login.token.count > 40)

            let me = try await api.request(.get, Endpoint.me, token: login.token)
            #expect(try me.decode(AccountInfo.self).displayName == "Ana Ruiz")
            let devices = try await api.request(.get, Endpoint.devices, token: login.token).decode(DeviceList.self).devices
            #expect(devices.map(\.name) == ["work laptop"])
            #expect(devices.first?.current == true)
        }
    }

    @Test("a wrong password or unknown user gets 401 and no token")
    func wrongCredentials() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            for (username, password) in [("ana", "wrong password"), ("nobody", ServerHarness.password), ("", "")] {
                let reply = try await api.request(.post, Endpoint.login, json: LoginRequest(username: username, password: password, device: "x"))
                #expect(reply.status == 401)
                #expect(reply.problem?.kind == .invalidCredentials)
                #expect(!reply.text.contains("token\""))
            }
        }
    }

    @Test("repeated failed logins are slowed down with 429 and Retry-After, then allowed again")
    func throttling() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let wrong = LoginRequest(username: "ana", password: "wrong password", device: "x")
            for _ in 0..<5 {
                #expect(try await api.request(.post, Endpoint.login, json: wrong).status == 401)
            }
            // Blocked now, even with the right password.
            let blocked = try await api.request(
                .post,
                Endpoint.login,
                json: LoginRequest(username: "ana", password: ServerHarness.password, device: "x")
            )
            #expect(blocked.status == 429)
            #expect(blocked.headers[.retryAfter] == "1")
            #expect(blocked.problem?.retryAfter == 1)
            harness.clock.advance(by: 2)
            _ = try await api.login("ana")
            // A success resets the count: the next failure is not blocked.
            #expect(try await api.request(.post, Endpoint.login, json: wrong).status == 401)
        }
    }

    @Test("40 concurrent wrong-password logins for one account: 5 get a password check, the rest 429; the real user waits a second")
    func concurrentGuessing() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let guess = LoginRequest(username: "ana", password: "guess \(index)", device: "x")
                        return try await api.request(.post, Endpoint.login, json: guess).status
                    }
                }
                return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(statuses[401] == AccountService.freeAttempts + 1, "\(statuses)")
            #expect(statuses[429] == 40 - AccountService.freeAttempts - 1, "\(statuses)")
            // Blocked attempts do not lengthen the block: the real user is in after a second.
            harness.clock.advance(by: 1.5)
            _ = try await api.login("ana")
        }
    }

    @Test("failed logins are counted per client address too, as the proxy in front reports it")
    func throttlingByAddress() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            func attempt(_ username: String, from address: String) async throws -> Int {
                let body = try WireCoding.encode(LoginRequest(username: username, password: "wrong password", device: "x"))
                return try await api.request(.post, Endpoint.login, body: body, headers: [.xForwardedForTest: "10.0.0.1, \(address)"]).status
            }
            // Successful logins never add up to a block, however many come from one address …
            for _ in 0..<(AccountService.freeAttemptsPerAddress + 10) {
                let body = try WireCoding.encode(LoginRequest(username: "ana", password: ServerHarness.password, device: "x"))
                let status = try await api.request(.post, Endpoint.login, body: body, headers: [.xForwardedForTest: "203.0.113.9"]).status
                #expect(status == 201)
            }
            // … but one address trying many accounts, once each …
            for index in 0...AccountService.freeAttemptsPerAddress {
                #expect(try await attempt("user\(index)", from: "203.0.113.9") == 401)
            }
            // … is slowed down for any account, while another address is not.
            let slowed = try await attempt("ana", from: "203.0.113.9")
            #expect(slowed == 429)
            #expect(try await attempt("ana", from: "198.51.100.7") == 401)
        }
    }

    @Test("missing, malformed, expired and revoked tokens get 401 with a reason")
    func badTokens() async throws {
        let harness = try ServerHarness { $0.tokenLifetime = 3600 }
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            #expect(try await api.request(.get, Endpoint.me).problem?.kind == .unauthorized)
            #expect(try await api.request(.get, Endpoint.me, token: "fu_not-a-real-token").problem?.kind == .unauthorized)
            let basic = try await api.request(.get, Endpoint.me, headers: [.authorization: "Basic YW5hOnB3"])
            #expect(basic.status == 401)

            let token = try await api.login("ana")
            harness.clock.advance(by: 3601)
            let expired = try await api.request(.get, Endpoint.me, token: token)
            #expect(expired.status == 401)
            #expect(expired.problem?.kind == .tokenExpired)

            let fresh = try await api.login("ana")
            #expect(try await api.request(.post, Endpoint.logout, token: fresh).status == 204)
            let revoked = try await api.request(.get, Endpoint.me, token: fresh)
            #expect(revoked.status == 401)
            #expect(revoked.problem?.kind == .tokenRevoked)
        }
    }

    @Test("a device can be revoked from another; only one's own devices")
    func revokeDevice() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("ben", role: .seeker)
        try await harness.withServer { api in
            let laptop = try await api.login("ana", device: "laptop")
            let phone = try await api.login("ana", device: "phone")
            let ben = try await api.login("ben")
            let devices = try await api.request(.get, Endpoint.devices, token: laptop).decode(DeviceList.self).devices
            let phoneID = try #require(devices.first { $0.name == "phone" }?.id)
            #expect(try await api.request(.delete, "\(Endpoint.devices)/\(phoneID.uuidString)", token: ben).status == 404)
            #expect(try await api.request(.get, Endpoint.me, token: phone).status == 200)
            #expect(try await api.request(.delete, "\(Endpoint.devices)/\(phoneID.uuidString)", token: laptop).status == 204)
            #expect(try await api.request(.get, Endpoint.me, token: phone).problem?.kind == .tokenRevoked)
            #expect(try await api.request(.get, Endpoint.me, token: laptop).status == 200)
            #expect(try await api.request(.delete, "\(Endpoint.devices)/not-a-uuid", token: laptop).status == 422)
            let listed = try await api.request(.get, Endpoint.devices, token: laptop).decode(DeviceList.self).devices
            #expect(listed.first { $0.name == "phone" }?.revoked == true)
        }
    }

    @Test("a disabled account cannot log in and its tokens stop working")
    func disabledAccount() async throws {
        try await ServerHarness.withAdmin { _, api, admin, _ in
            let token = try await api.login("ana")
            let patch = try await api.request(.patch, "\(Endpoint.adminAccounts)/ana", token: admin, json: UpdateAccountRequest(disabled: true))
            #expect(patch.status == 200)
            #expect(try await api.request(.get, Endpoint.me, token: token).problem?.kind == .accountDisabled)
            let login = try await api.request(
                .post,
                Endpoint.login,
                json: LoginRequest(username: "ana", password: ServerHarness.password, device: "x")
            )
            #expect(login.status == 403)
            _ = try await api.request(.patch, "\(Endpoint.adminAccounts)/ana", token: admin, json: UpdateAccountRequest(disabled: false))
            #expect(try await api.request(.get, Endpoint.me, token: token).status == 200)
        }
    }

    @Test("tokens are stored only as hashes", .sqliteOnly)
    func tokensHashed() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        let token = try await harness.withServer { api in try await api.login("ana") }
        let file = try Data(contentsOf: URL(fileURLWithPath: harness.configuration.databasePath))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: harness.configuration.databasePath + "-wal"))) ?? Data()
        #expect(file.range(of: Data(token.utf8)) == nil)
        #expect(wal.range(of: Data(token.utf8)) == nil)
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, as the reverse proxy in front of the server sends it.
    static var xForwardedForTest: HTTPField.Name {
        guard let name = HTTPField.Name("X-Forwarded-For") else { preconditionFailure("X-Forwarded-For is a valid field name") }
        return name
    }
}
