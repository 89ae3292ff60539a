import FollowUpProtocol
import FollowUpServer
import FollowUpTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Clients that hold connections without finishing a request cannot starve the ones that do.
@Suite("Connection timeouts and limits", .timeLimit(.minutes(2)))
struct ConnectionLimitsTests {
    @Test("a request head sent in part and then held is closed after the idle timeout, and others are served meanwhile")
    func partialHeads() async throws {
        let harness = try ServerHarness { $0.idleTimeoutSeconds = 1 }
        defer { harness.remove() }
        try await harness.withServer { api in
            let port = try #require(api.port)
            let stalled = try (0..<50).map { _ in try RawConnection(port: port) }
            for connection in stalled { try connection.send("GET /healthz HT") }
            let started = ContinuousClock.now
            #expect(try await api.request(.get, Endpoint.health).status == 200, "served while 50 connections stall")
            for connection in stalled {
                let (_, closed) = try await ChildProcess.onOwnThread { connection.readUntilClosed(timeout: .seconds(20)) }
                #expect(closed, "the server closed the stalled connection")
            }
            // 1 s of idle timeout, and room for a loaded two-core machine; never the 20 s waited for.
            #expect(ContinuousClock.now - started < .seconds(12), "closed after about the 1 s idle timeout")
        }
    }

    @Test("a body that stops halfway gets 408 request-timeout after the body timeout")
    func stalledBody() async throws {
        let harness = try ServerHarness { $0.bodyTimeoutSeconds = 1 }
        defer { harness.remove() }
        try await harness.withServer { api in
            let connection = try RawConnection(port: try #require(api.port))
            try connection.send(
                "POST /v1/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\": "
            )
            let (text, _) = try await ChildProcess.onOwnThread { connection.readUntilClosed(timeout: .seconds(6)) }
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
            #expect(text.contains("urn:followup:problem:request-timeout"), "\(text)")
        }
    }

    @Test(
        "a URL or headers over the parser's limits get a problem document (431), a malformed request line 400, and the server serves on",
        arguments: [
            ("GET /v1/info?q=\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\nHost: test\r\n\r\n", 431, "headers-too-large"),
            ("GET /v1/info HTTP/1.1\r\nHost: test\r\nX-Padding: \(String(repeating: "b", count: 100_000))\r\n\r\n", 431, "headers-too-large"),
            ("GET /v1/info HTTP/1.1\r\nHost: test\r\nNo Colon Here\r\n\r\n", 400, "invalid-http"),
        ]
    )
    func malformedRequests(request: String, status: Int, type: String) async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        try await harness.withServer { api in
            let connection = try RawConnection(port: try #require(api.port))
            try connection.send(request)
            let (text, closed) = try await ChildProcess.onOwnThread { connection.readUntilClosed(timeout: .seconds(10)) }
            #expect(text.hasPrefix("HTTP/1.1 \(status)"), "\(text.prefix(300))")
            #expect(text.contains("application/problem+json") && text.contains("urn:followup:problem:\(type)"), "\(text.prefix(600))")
            #expect(closed)
            #expect(try await api.request(.get, Endpoint.info).status == 200)
        }
    }

    @Test("a connection beyond the limit is closed at once; once one closes, requests are served again")
    func connectionLimit() async throws {
        let harness = try ServerHarness { $0.maxConnections = 3 }
        defer { harness.remove() }
        try await harness.withServer { api in
            let port = try #require(api.port)
            var open = try (0..<3).map { _ in try RawConnection(port: port) }
            try await Task.sleep(for: .milliseconds(200))
            let extra = try RawConnection(port: port)
            let (text, closed) = try await ChildProcess.onOwnThread { extra.readUntilClosed(timeout: .seconds(3)) }
            #expect(closed && text.isEmpty, "the fourth connection is closed without an answer")
            let first = open[0]
            #expect(try await ChildProcess.onOwnThread { first.readUntilClosed(timeout: .milliseconds(300)) }.closed == false)

            open.removeAll()  // closes the three
            var status = 0
            for _ in 0..<50 where status != 200 {
                status = (try? await api.request(.get, Endpoint.health).status) ?? 0
                if status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == 200)
        }
    }
}
