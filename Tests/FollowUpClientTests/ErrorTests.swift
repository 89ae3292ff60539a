import FollowUpClient
import FollowUpCore
import FollowUpProtocol
import FollowUpTestSupport
import Foundation
import Testing

/// The errors a user will hit: one clear line, a distinct exit code, nothing changed or lost.
@Suite("Errors a user will hit", .serialized, .timeLimit(.minutes(3)))
struct ErrorTests {
    @Test("server down: writes are kept and queued, sync says so and exits non-zero; they go out once it is back")
    func serverDown() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        try await laptop.login(deployment.server, as: "ana")
        try await deployment.server.stop()

        let id = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "Offline Inc."])))
        let sync = try await laptop.run(["sync"])
        #expect(sync.status == 6)
        #expect(sync.error.contains("cannot reach the server"))
        #expect(sync.error.contains("queued"))
        #expect(sync.error.split(separator: "\n").count == 1, "one clear line: \(sync.error)")
        #expect(try await laptop.json(["status"], as: ReplicaStatus.self).queuedChanges == 1)

        // The same server, back on a new port: point the replica at it by logging in again.
        let restarted = try await InProcessServer.start(data: deployment.server.dataDirectory)
        try await laptop.login(restarted, as: "ana")
        let report = try await laptop.json(["sync"], as: SyncReport.self)
        #expect(report.pushed == 1)
        let desktop = deployment.machine("desktop")
        try await desktop.login(restarted, as: "ana")
        try await desktop.ok(["sync"])
        #expect(try await desktop.json(["interview", "list"], as: [InterviewSummary].self).map(\.id.shortID) == [id])
        try await restarted.stop()
        try? FileManager.default.removeItem(at: deployment.directory)
    }

    @Test("a mistyped command is a usage error (64) with the command it was probably meant to be")
    func typos() async throws {
        let directory = try makeTemporaryDirectory("typos")
        defer { try? FileManager.default.removeItem(at: directory) }
        let machine = Machine("typist", in: directory)
        let top = try await machine.run(["intervew", "list"])
        #expect(top.status == 64 && top.error.contains("Did you mean `followup interview`?"), "\(top.error)")
        let nested = try await machine.run(["note", "ad", "x"])
        #expect(nested.status == 64 && nested.error.contains("Did you mean `followup note add`?"), "\(nested.error)")
        let nothingClose = try await machine.run(["zzzzzz"])
        #expect(nothingClose.status == 64 && !nothingClose.error.contains("Did you mean"), "\(nothingClose.error)")
    }

    @Test("wrong password, not logged in, revoked token")
    func accounts() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        let notYet = try await laptop.run(["interview", "add", "--company", "Acme"])
        #expect(notYet.status == 3)
        #expect(notYet.error.contains("followup login"))

        let wrong = try await laptop.run(["login", deployment.server.url, "--user", "ana"], input: "not the password\n")
        #expect(wrong.status == 4)
        #expect(wrong.error == "followup: login refused: the username or password is wrong\n")
        #expect(try await laptop.json(["status"], as: ReplicaStatus.self).account == nil, "nothing changed")
        let silent = try await laptop.run(["login", deployment.server.url, "--user", "ana"], input: "")
        #expect(silent.status == 11 && silent.error == "followup: no password on standard input\n", "\(silent.error)")

        try await laptop.login(deployment.server, as: "ana", device: "laptop")
        try await laptop.ok(["interview", "add", "--company", "Acme"])
        let devices = try await deployment.server.admin(["devices", "ana"])
        let deviceID = try #require(devices.split(separator: " ").first.map(String.init))
        try await deployment.server.admin(["revoke-device", "ana", deviceID])
        let revoked = try await laptop.run(["sync"])
        #expect(revoked.status == 5)
        #expect(revoked.error.contains("log in again"))
        #expect(revoked.error.contains("queued changes are kept"))
        let status = try await laptop.json(["status"], as: ReplicaStatus.self)
        #expect(!status.loggedIn)
        #expect(status.queuedChanges == 1)
        #expect(try await laptop.run(["sync"]).status == 5)

        try await laptop.login(deployment.server, as: "ana", device: "laptop")
        #expect(try await laptop.json(["sync"], as: SyncReport.self).pushed == 1)
        try await deployment.stop()
    }

    @Test("unknown and ambiguous ids, bad dates, past dates: an exit code each, nothing changed")
    func badInput() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        try await laptop.login(deployment.server, as: "ana")
        let session = try #require(try Replica(directory: laptop.home).session())
        // Two interviews whose ids share a prefix, through a crafted backup.
        let owner = session.account.id.uuidString.lowercased()
        let backup = """
            {"format":"followup-backup","version":1,"exportedAt":"2026-11-20T15:00:00Z","people":[],"replicas":[],"entities":[
            {"type":"interview","id":"abcd0001-0000-4000-8000-000000000001","owner":"\(owner)",
             "fields":{"company":[{"at":"01a1f977cb20-0000-00000000000000a1","value":"Acme"}]}},
            {"type":"interview","id":"abcd0002-0000-4000-8000-000000000002","owner":"\(owner)",
             "fields":{"company":[{"at":"01a1f977cb21-0000-00000000000000a1","value":"Globex"}]}}]}
            """
        let file = deployment.directory.appendingPathComponent("crafted.json")
        try backup.write(to: file, atomically: true, encoding: .utf8)
        try await laptop.ok(["import", file.path])

        let ambiguous = try await laptop.run(["interview", "show", "abcd"])
        #expect(ambiguous.status == 10)
        #expect(ambiguous.error.contains("abcd0001") && ambiguous.error.contains("abcd0002"))
        #expect(try await laptop.ok(["interview", "show", "abcd0002"]).contains("Globex"))
        let unknown = try await laptop.run(["interview", "show", "ffff0000"])
        #expect(unknown.status == 9)

        let before = try await laptop.json(["interview", "list"], as: [InterviewSummary].self)
        for arguments in [
            ["interview", "add", "--company", "X", "--date", "2026-02-30"], ["interview", "add", "--company", "X", "--date", "next week"],
            ["interview", "add", "--company", "X", "--time", "25:00"], ["interview", "add", "--company", "X", "--tz", "Mars/Olympus"],
            ["interview", "edit", "abcd0001", "--decision-date", "soon"],
        ] {
            let result = try await laptop.run(arguments)
            #expect(result.status == 11, "\(arguments)")
            #expect(result.error.hasPrefix("followup: --"), "names the option: \(result.error)")
        }
        #expect(try await laptop.json(["interview", "list"], as: [InterviewSummary].self) == before)

        // A date in the past where the future is needed.
        try await laptop.ok(["interview", "held", "abcd0001", "--on", "2026-11-20"])
        let call = try #require(try await laptop.json(["due", "--all"], as: [FollowUpItem].self).first { $0.kind == "call" })
        let past = try await laptop.run(["snooze", call.id, "--until", "2020-01-01"])
        #expect(past.status == 11)
        #expect(past.error.contains("after today"))
        let backwards = try await laptop.run(["reschedule", call.id, "--from", "+5", "--to", "+2"])
        #expect(backwards.status == 11)
        #expect(
            try await laptop.run([
                "attempted", try #require(try await laptop.json(["due", "--all"], as: [FollowUpItem].self).first { $0.kind == "thank-you" }?.id),
            ]).status == 11
        )
        let notABackup = deployment.directory.appendingPathComponent("not-a-backup.json")
        try #"{"format":"something-else","version":1,"exportedAt":"2026-11-20T15:00:00Z","people":[],"replicas":[],"entities":[]}"#
            .write(to: notABackup, atomically: true, encoding: .utf8)
        #expect(try await laptop.run(["import", notABackup.path]).status == 11, "not a FollowUp backup")
        #expect(try await laptop.run(["export", "csv", "--output", "/nonexistent/dir/x.csv"]).status == 13)
        try await deployment.stop()
    }

    @Test("a server speaking another protocol version, no FollowUp at all, or sending bodies that do not decode")
    func incompatibleServers() async throws {
        let directory = try makeTemporaryDirectory("fake-server")
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import http.server, json, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path == "/v1/info" and sys.argv[1] == "v2":
                        body = json.dumps({"versions": [2], "serverID": "7d444840-9dc0-11d1-b245-5ffdce74fad2",
                            "limits": {"maxBodyBytes": 1, "maxBatch": 1, "maxPage": 1, "maxWaitSeconds": 1, "maxClockDriftSeconds": 1}}).encode()
                        self.send_response(200); self.send_header("Content-Type", "application/json")
                    elif sys.argv[1] in ("br", "gzip"):
                        # Claims a compressed body but sends plain bytes.
                        body = b'{"versions": [1]}'; self.send_response(200); self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Encoding", sys.argv[1])
                    else:
                        body = b"<html>not here</html>"; self.send_response(404); self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                def log_message(self, *args): pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        for (mode, expected) in [
            ("v2", "speaks protocol version 2"), ("html", "not a FollowUp server"), ("br", "could not be decoded (br)"),
            ("gzip", "could not be decoded (gzip)"),
        ] {
            let fake = try ChildProcess(path: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, mode])
            let deadline = ContinuousClock.now + .seconds(10)
            while fake.log.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let port = fake.log.trimmingCharacters(in: .whitespacesAndNewlines)
            let machine = Machine(mode, in: directory)
            let result = try await machine.run(["login", "http://127.0.0.1:\(port)", "--user", "ana"], input: "password\n")
            #expect(result.status == 7, "\(mode): \(result.error)")
            #expect(result.error.contains(expected), "\(mode): \(result.error)")
            fake.signal(SIGTERM)
        }
        let nowhere = Machine("nowhere", in: directory)
        let refused = try await nowhere.run(["login", "http://127.0.0.1:1", "--user", "ana"], input: "password\n")
        #expect(refused.status == 6)
        let badURL = try await nowhere.run(["login", "ftp://example.org", "--user", "ana"], input: "password\n")
        #expect(badURL.status == 11)
    }
}
