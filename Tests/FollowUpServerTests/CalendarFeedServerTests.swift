import FollowUpCore
import FollowUpProtocol
import Foundation
import HTTPTypes
import Testing

@Suite("Calendar feed addresses")
struct CalendarFeedServerTests {
    @Test("a feed is read at most 30 times in 10 minutes, then 429 with Retry-After; other feeds are unaffected")
    func throttled() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("ben", role: .seeker)
        try await harness.withServer { api in
            let ana = try await api.request(.post, Endpoint.calendarFeed, token: try await api.login("ana")).decode(CalendarFeedInfo.self)
            for read in 1...30 {
                let reply = try await api.request(.get, ana.path)
                #expect(reply.status == 200, "read \(read)")
                #expect(reply.headers[.contentType] == "text/calendar; charset=utf-8")
            }
            let refused = try await api.request(.get, ana.path)
            #expect(refused.status == 429)
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(refused.text.contains("too-many-requests"))
            let ben = try await api.request(.post, Endpoint.calendarFeed, token: try await api.login("ben")).decode(CalendarFeedInfo.self)
            #expect(try await api.request(.get, ben.path).status == 200)
        }
    }

    @Test("making a feed needs a login; a disabled account's feed is 404; revoking twice is 404")
    func access() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("root", role: .admin)
        try await harness.withServer { api in
            #expect(try await api.request(.post, Endpoint.calendarFeed).status == 401)
            let token = try await api.login("ana")
            let feed = try await api.request(.post, Endpoint.calendarFeed, token: token).decode(CalendarFeedInfo.self)
            #expect(feed.url.hasSuffix(feed.path) && feed.path.hasPrefix("/calendar/fu_"))
            let body = try await api.request(.get, feed.path).text
            #expect(body.hasPrefix("BEGIN:VCALENDAR\r\n") && body.contains("X-WR-CALNAME:FollowUp — ana"))
            let admin = try await api.login("root")
            let disable = try await api.request(.patch, "\(Endpoint.adminAccounts)/ana", token: admin, body: Data(#"{"disabled":true}"#.utf8))
            #expect(disable.status == 200, "\(disable.text)")
            #expect(try await api.request(.get, feed.path).status == 404)
            let enable = try await api.request(.patch, "\(Endpoint.adminAccounts)/ana", token: admin, body: Data(#"{"disabled":false}"#.utf8))
            #expect(enable.status == 200, "\(enable.text)")
            let again = try await api.login("ana")
            #expect(try await api.request(.delete, Endpoint.calendarFeed, token: again).status == 204)
            #expect(try await api.request(.delete, Endpoint.calendarFeed, token: again).status == 404)
            #expect(try await api.request(.get, feed.path).status == 404)
            #expect(try await api.request(.get, "/calendar/anything-else").status == 404)
        }
    }
}
