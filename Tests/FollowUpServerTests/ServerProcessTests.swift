import AsyncHTTPClient
import FollowUpCore
import FollowUpProtocol
import FollowUpTestSupport
import FollowUpWire
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import Testing

/// The `followup-server` binary as an operator runs it.
@Suite("followup-server process", .serialized, .timeLimit(.minutes(3)), .sqliteOnly)
struct ServerProcessTests {
    static func temporaryDirectory() throws -> URL {
        try makeTemporaryDirectory("process")
    }

    /// Runs `followup-server` to completion.
    @discardableResult
    static func command(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String) {
        let result = try await ChildProcess.run("followup-server", arguments, input: input)
        return (result.status, result.output + result.error)
    }

    static func send(_ method: HTTPMethod, _ url: String, token: String? = nil, json: Data? = nil) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 10_000_000)
        return (Int(response.status.code), Data(buffer: body))
    }

    @Test("first start says how to create an admin; admin commands manage accounts and caseloads")
    func firstStartAndAdmin() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        let server = try await ServerProcess.start(data: data)
        let port = server.port
        #expect(server.log.contains("No admin account yet. Create one with: followup-server admin create-account NAME --role admin"))

        #expect(try await Self.command(["admin", "create-account", "root", "--role", "admin", "--data", data], input: "root password\n").status == 0)
        #expect(
            try await Self.command(["admin", "create-account", "carla", "--role", "counselor", "--data", data], input: "carla password\n").status == 0
        )
        #expect(
            try await Self.command(
                ["admin", "create-account", "ana", "--role", "seeker", "--data", data, "--display-name", "Ana Ruiz"],
                input: "ana password\n"
            ).status == 0
        )
        let duplicate = try await Self.command(["admin", "create-account", "ana", "--role", "seeker", "--data", data], input: "ana password\n")
        #expect(duplicate.status != 0)
        #expect(duplicate.output.contains("already exists"))
        #expect(!duplicate.output.contains("Fatal"), "no crash, no stack trace")
        let short = try await Self.command(["admin", "create-account", "dan", "--role", "seeker", "--data", data], input: "short\n")
        #expect(short.status != 0 && short.output.contains("at least 8 characters"))
        let silent = try await Self.command(["admin", "create-account", "dan", "--role", "seeker", "--data", data], input: "")
        #expect(silent.status != 0 && silent.output.contains("no password on standard input"))
        #expect(try await Self.command(["admin", "assign", "carla", "ana", "--data", data]).output.contains("assigned ana to carla"))
        #expect(try await Self.command(["admin", "caseload", "carla", "--data", data]).output.contains("Ana Ruiz"))
        let accounts = try await Self.command(["admin", "accounts", "--data", data]).output
        #expect(accounts.contains("carla") && accounts.contains("counselor"))
        #expect(try await Self.command(["admin", "unassign", "carla", "nobody", "--data", data]).status != 0)

        // The running server sees accounts created by the command: log in over HTTP.
        let login = try WireCoding.encode(LoginRequest(username: "ana", password: "ana password", device: "cli test"))
        let (status, body) = try await Self.send(.POST, "http://127.0.0.1:\(port)/v1/login", json: login)
        #expect(status == 201)
        let token = try WireCoding.decoder().decode(LoginResponse.self, from: body).token
        let devices = try await Self.command(["admin", "devices", "ana", "--data", data]).output
        #expect(devices.contains("cli test") && devices.contains("active"))
        let deviceID = try #require(devices.split(separator: " ").first.map(String.init))
        #expect(try await Self.command(["admin", "revoke-device", "ana", deviceID, "--data", data]).status == 0)
        #expect(try await Self.send(.GET, "http://127.0.0.1:\(port)/v1/me", token: token).0 == 401)

        #expect(try await Self.command(["admin", "disable", "carla", "--data", data]).output.contains("disabled carla"))
        server.child.signal(SIGTERM)
        #expect(try await server.child.exitStatus(timeout: .seconds(10)) == 0)
    }

    @Test("SIGTERM lets an in-flight long poll finish, then the server exits cleanly")
    func gracefulStop() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        try await Self.command(["admin", "create-account", "ana", "--role", "seeker", "--data", data], input: "ana password\n")
        let server = try await ServerProcess.start(data: data)
        let port = server.port
        let login = try WireCoding.encode(LoginRequest(username: "ana", password: "ana password", device: "x"))
        let token = try WireCoding.decoder().decode(
            LoginResponse.self,
            from: try await Self.send(.POST, "http://127.0.0.1:\(port)/v1/login", json: login).1
        ).token
        let first = try PullResponse.decode(json: try await Self.send(.GET, "http://127.0.0.1:\(port)/v1/changes", token: token).1)

        let started = ContinuousClock.now
        async let poll = Self.send(.GET, "http://127.0.0.1:\(port)/v1/changes?wait=30&cursor=\(first.cursor)", token: token)
        try await Task.sleep(for: .milliseconds(500))
        server.child.signal(SIGTERM)
        let (status, _) = try await poll
        #expect(status == 200, "the in-flight request is answered, not cut off")
        #expect(ContinuousClock.now - started < .seconds(10), "shutdown ends the wait early")
        #expect(try await server.child.exitStatus(timeout: .seconds(10)) == 0)
        #expect(server.log.contains("stopped"))
    }

    @Test("serves HTTPS with a certificate and key")
    func tls() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost",
        ]
        openssl.standardError = FileHandle.nullDevice
        openssl.standardOutput = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)

        let server = try await ServerProcess.start(
            data: directory.appendingPathComponent("data").path,
            arguments: ["--tls-cert", certificate, "--tls-key", key]
        )
        let port = server.port
        #expect(server.log.contains("https://"))
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = .makeClientConfiguration()
        configuration.tlsConfiguration?.certificateVerification = .none
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let response = try await client.execute(HTTPClientRequest(url: "https://127.0.0.1:\(port)/healthz"), timeout: .seconds(10))
        #expect(response.status == .ok)
        try await client.shutdown()

        let mismatched = try await Self.command(["serve", "--data", directory.path, "--tls-cert", certificate])
        #expect(mismatched.status != 0)
        #expect(mismatched.output.contains("give both a certificate and a key"))
        server.child.signal(SIGINT)
        #expect(try await server.child.exitStatus(timeout: .seconds(10)) == 0)
    }

    @Test("an online backup is a working copy of the data")
    func backup() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        try await Self.command(["admin", "create-account", "ana", "--role", "seeker", "--data", data], input: "ana password\n")
        let server = try await ServerProcess.start(data: data)
        let copy = directory.appendingPathComponent("backup.sqlite").path
        let result = try await Self.command(["backup", "--data", data, "--to", copy])
        #expect(result.status == 0, "\(result.output)")
        #expect(try await Self.command(["backup", "--data", data, "--to", copy]).output.contains("already exists"))
        // Restore into a new data directory and read the account back.
        let restored = directory.appendingPathComponent("restored")
        try FileManager.default.createDirectory(at: restored, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: copy, toPath: restored.appendingPathComponent("followup.sqlite").path)
        #expect(try await Self.command(["admin", "accounts", "--data", restored.path]).output.contains("ana"))
        #expect(try await Self.command(["admin", "accounts", "--data", directory.appendingPathComponent("missing").path]).status != 0)
        server.child.signal(SIGTERM)
        _ = try await server.child.exitStatus(timeout: .seconds(10))
    }
}
