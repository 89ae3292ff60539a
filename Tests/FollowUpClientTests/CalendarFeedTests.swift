import FollowUpClient
import FollowUpTestSupport
import Foundation
import Testing

/// `followup calendar-url`: a secret feed a phone subscribes to, read here by Python's `icalendar`.
@Suite("Calendar feeds", .serialized, .timeLimit(.minutes(3)))
struct CalendarFeedTests {
    /// Fetches `url` and parses it with `icalendar`: the calendar's name and each event's UID,
    /// summary, start (ISO 8601, with its offset when it has one), whether it is all-day, and
    /// its alarms' triggers; or the HTTP status of a refusal.
    static func read(_ url: String) async throws -> Feed {
        let script = """
            import icalendar, json, sys, urllib.request, urllib.error
            try:
                body = urllib.request.urlopen(sys.argv[1]).read()
            except urllib.error.HTTPError as error:
                print(json.dumps({"status": error.code, "events": []})); sys.exit(0)
            calendar = icalendar.Calendar.from_ical(body)
            events = []
            for event in calendar.walk("VEVENT"):
                start = event.decoded("DTSTART")
                events.append({"uid": str(event["UID"]), "summary": str(event["SUMMARY"]), "start": start.isoformat(),
                    "allDay": "VALUE" in event["DTSTART"].params and event["DTSTART"].params["VALUE"] == "DATE",
                    "alarms": [str(alarm.decoded("TRIGGER")) for alarm in event.walk("VALARM")]})
            print(json.dumps({"status": 200, "name": str(calendar.get("X-WR-CALNAME")), "events": events}))
            """
        let result = try await ChildProcess.run(path: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, url])
        #expect(result.status == 0, "\(result.error)")
        return try JSONDecoder().decode(Feed.self, from: Data(result.output.utf8))
    }

    struct Feed: Decodable {
        struct Event: Decodable, Equatable {
            var uid: String
            var summary: String
            var start: String
            var allDay: Bool
            var alarms: [String]
        }
        var status: Int
        var name: String?
        var events: [Event]
    }

    @Test(
        "a seeker's feed: the interview at its instant across time zones, open follow-ups on their last day with a 9:00 alarm, stable UIDs; revoked is 404"
    )
    func seekersFeed() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        defer { Task { try? await deployment.stop() } }
        let laptop = deployment.machine("laptop")
        try await laptop.login(deployment.server, as: "ana")
        let added = try await laptop.ok([
            "interview", "add", "--company", "Acme", "--position", "Analyst", "--date", "2026-12-03", "--time", "10:00", "--tz",
            "America/New_York", "--interviewer", "Ms. Ana Ruiz",
        ])
        let short = try #require(Machine.addedID(added))
        let interview = try await laptop.json(["interview", "show", short], as: InterviewJSON.self).id
        try await laptop.ok(["interview", "held", short])  // plans the thank-you and the call
        try await laptop.ok(["sync"])

        let url = try await laptop.ok(["calendar-url"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix(deployment.server.url + "/calendar/") && url.hasSuffix(".ics"), "\(url)")
        let feed = try await Self.read(url)
        #expect(feed.status == 200)
        #expect(feed.name?.contains("FollowUp") == true)
        let event = try #require(feed.events.first { $0.uid == "\(interview)@followup" })
        #expect(event.start == "2026-12-03T15:00:00+00:00", "10:00 in New York is 15:00 UTC: \(event.start)")
        #expect(event.summary == "Interview: Acme — Analyst")
        let due = feed.events.filter { $0.summary.hasPrefix("Due: ") }
        #expect(due.count >= 2, "the thank-you and the call: \(feed.events.map(\.summary))")
        #expect(due.allSatisfy { $0.allDay && $0.alarms == ["9:00:00"] }, "\(due)")
        #expect(due.contains { $0.summary.hasPrefix("Due: Follow-up call to Ms. Ana Ruiz") })

        let again = try await Self.read(url)
        #expect(again.events.map(\.uid).sorted() == feed.events.map(\.uid).sorted(), "UIDs are stable from one read to the next")

        // Done follow-ups leave the feed.
        let call = try #require(due.first { $0.summary.contains("call") })
        try await laptop.ok(["done", String(call.uid.prefix(8))])
        try await laptop.ok(["sync"])
        #expect(try await Self.read(url).events.contains { $0.uid == call.uid } == false)

        try await laptop.ok(["calendar-url", "--revoke"])
        #expect(try await Self.read(url).status == 404)
        #expect(try await Self.read(deployment.server.url + "/calendar/fu_nosuchtoken.ics").status == 404)
        let fresh = try await laptop.ok(["calendar-url"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let freshFeed = try await Self.read(fresh)
        #expect(fresh != url && freshFeed.status == 200)
    }

    @Test("a counselor's feed covers the caseload, each entry named for its seeker")
    func counselorsFeed() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker"), ("ben", "seeker"), ("carla", "counselor")])
        defer { Task { try? await deployment.stop() } }
        try await deployment.server.admin(["assign", "carla", "ana"])
        try await deployment.server.admin(["assign", "carla", "ben"])
        for (name, company) in [("ana", "Acme"), ("ben", "Globex")] {
            let machine = deployment.machine(name)
            try await machine.login(deployment.server, as: name)
            try await machine.ok(["interview", "add", "--company", company, "--date", "2026-12-03"])
            try await machine.ok(["sync"])
        }
        let carla = deployment.machine("carla")
        try await carla.login(deployment.server, as: "carla")
        let feed = try await Self.read(try await carla.ok(["calendar-url"]).trimmingCharacters(in: .whitespacesAndNewlines))
        let interviews = feed.events.filter { $0.summary.contains("Interview: ") }.map(\.summary).sorted()
        #expect(interviews == ["ana: Interview: Acme", "ben: Interview: Globex"], "\(interviews)")
        #expect(feed.events.first { $0.summary.contains("Acme") }?.allDay == true, "a date without a time is all day")
        #expect(feed.name?.contains("caseload") == true)
    }
}
