import FollowUpClient
import FollowUpTestSupport
import Foundation
import Testing

/// A server restarting (as in a rolling restart) or a proxy whose instance is down is a pause, not
/// a failure: commands retry for a while, then say the server is unavailable (exit 6).
@Suite("Restarts users do not see", .serialized, .timeLimit(.minutes(2)))
struct RetryTests {
    @Test("the server stops and starts again on its port while a sync waits: the sync succeeds, nothing is lost")
    func syncAcrossARestart() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        var laptop = deployment.machine("laptop")
        laptop.retrySeconds = 20
        try await laptop.login(deployment.server, as: "ana")
        let port = try #require(URLComponents(string: deployment.server.url)?.port)
        let id = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "Restarted Inc."])))
        try await deployment.server.stop()

        async let sync = laptop.run(["sync", "--json"])
        try await Task.sleep(for: .milliseconds(1500))
        let restarted = try await InProcessServer.start(data: deployment.server.dataDirectory, port: port)
        let result = try await sync
        #expect(result.status == 0, "the sync waited for the server: \(result.error)")
        #expect(try await laptop.json(["status"], as: ReplicaStatus.self).queuedChanges == 0)
        let phone = deployment.machine("phone")
        try await phone.login(restarted, as: "ana")
        try await phone.ok(["sync"])
        #expect(try await phone.json(["interview", "list"], as: [InterviewSummary].self).map(\.id.shortID) == [id])
        try await restarted.stop()
        try? FileManager.default.removeItem(at: deployment.directory)
    }

    @Test("a proxy's HTML error page (502) is 'server unavailable', exit 6, not 'not a FollowUp server'")
    func proxyErrorPage() async throws {
        let directory = try makeTemporaryDirectory("proxy-502")
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import http.server
            class Handler(http.server.BaseHTTPRequestHandler):
                def answer(self):
                    body = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
                    self.send_response(502); self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                do_GET = answer
                do_POST = answer
                def log_message(self, *args): pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        let proxy = try ChildProcess(path: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script])
        let deadline = ContinuousClock.now + .seconds(10)
        while proxy.log.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let port = proxy.log.trimmingCharacters(in: .whitespacesAndNewlines)
        let machine = Machine("behind-proxy", in: directory)
        let result = try await machine.run(["login", "http://127.0.0.1:\(port)", "--user", "ana"], input: "password\n")
        #expect(result.status == 6, "\(result.error)")
        #expect(result.error.contains("unavailable") && result.error.contains("502"), "\(result.error)")
        #expect(!result.error.contains("<html>"), "no proxy HTML in the message: \(result.error)")
        proxy.signal(SIGTERM)
    }
}
