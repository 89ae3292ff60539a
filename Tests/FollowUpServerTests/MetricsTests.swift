import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Testing

/// `GET /metrics`: what an operator's Prometheus scrapes, behind an admin token unless opened.
@Suite("Metrics")
struct MetricsTests {
    @Test("an admin scrapes requests by route and status, latencies, pushes, changes by answer, pull pages and long polls")
    func scrape() async throws {
        try await ServerHarness.withAdmin { harness, api, admin, accounts in
            let ana = try #require(accounts["ana"])
            let token = try await api.login("ana")
            var factory = harness.changeFactory()
            let changes = [factory.interview(owner: ana.id), factory.interview(owner: ana.id), factory.interview(owner: UUID())]
            let results = try await api.push(changes, token: token).decode(PushResponse.self).results
            #expect(results.map(\.status) == [.accepted, .accepted, .rejected])
            _ = try await api.push(Array(changes.prefix(1)), token: token)  // a retry: a duplicate
            _ = try await api.pullAll(token: token)
            _ = try await api.request(.get, "\(Endpoint.adminAccounts)/nobody", token: admin)

            #expect(try await api.request(.get, "/metrics").status == 401)
            #expect(try await api.request(.get, "/metrics", token: token).status == 403, "a seeker may not read them")
            let scraped = try await api.request(.get, "/metrics", token: admin)
            #expect(scraped.status == 200)
            #expect(scraped.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = scraped.text
            for line in [
                #"followup_changes_total{result="accepted"} 2"#,
                #"followup_changes_total{result="duplicate"} 1"#,
                #"followup_changes_total{result="rejected"} 1"#,
                "followup_pushes_total 2",
                "followup_pull_pages_total 1",
                "followup_pulled_records_total 2",
                "followup_long_polls_waiting 0",
                #"followup_http_requests_total{route="/v1/changes",method="POST",status="200"} 2"#,
                #"followup_http_requests_total{route="/v1/admin/accounts/{username}",method="GET",status="404"} 1"#,
            ] {
                #expect(text.contains(line), "missing \(line) in:\n\(text)")
            }
            #expect(text.contains(#"followup_http_request_duration_seconds_bucket{route="/v1/changes",method="POST",le="+Inf"} 2"#))
            #expect(text.contains(#"followup_database_duration_seconds_count{operation="push"} 2"#))
            #expect(!text.contains(ana.id.lowercased), "routes, not paths: no ids in series")
        }
    }

    @Test("opened by the operator, they are served without a token")
    func openMetrics() async throws {
        let harness = try ServerHarness { $0.metricsOpen = true }
        defer { harness.remove() }
        try await harness.withServer { api in
            _ = try await api.request(.get, Endpoint.info)
            let scraped = try await api.request(.get, "/metrics")
            #expect(scraped.status == 200)
            #expect(scraped.text.contains(#"followup_http_requests_total{route="/v1/info",method="GET",status="200"} 1"#), "\(scraped.text)")
        }
    }
}
