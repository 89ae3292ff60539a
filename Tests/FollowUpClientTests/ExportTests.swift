import FollowUpClient
import FollowUpCore
import FollowUpTestSupport
import Foundation
import Testing

@Suite("Export and import", .serialized)
struct ExportTests {
    /// A replica with a realistic interview: interviewers, notes, planned and finished follow-ups.
    static func populated(_ deployment: Deployment) async throws -> (Machine, String) {
        let laptop = deployment.machine("laptop")
        try await laptop.login(deployment.server, as: "ana")
        let id = try #require(
            Machine.addedID(
                try await laptop.ok([
                    "interview", "add", "--company", "Northwind Traders, Inc.", "--position", "Logistics Coordinator; nights",
                    "--date", "2026-11-20", "--time", "14:30", "--tz", "America/Chicago", "--format", "in-person",
                    "--location", "400 Harbor Way\\nSeattle, WA 98104", "--decision-date", "2026-12-11", "--tag", "warehouse",
                    "--interviewer", "Ms. Ana Ruiz", "--interviewer", "Ben Ode",
                ])
            )
        )
        try await laptop.ok(["interview", "held", id])
        try await laptop.ok(["note", "add", id, "--kind", "strong-point", "--text", "three years on the dispatch desk"])
        try await laptop.ok(["note", "add", id, "--kind", "remark", "--text", "the cold-storage warehouse opening in the spring"])
        let thankYou = try #require(try await laptop.json(["due", "--all"], as: [FollowUpItem].self).first { $0.kind == "thank-you" })
        try await laptop.ok(["done", thankYou.id, "--outcome", "mailed, with \"quotes\" and a, comma"])
        _ = try await laptop.ok(["interview", "add", "--company", "Globex", "--position", "Planner " + String(repeating: "très long ", count: 12)])
        return (laptop, id)
    }

    @Test("a JSON backup imported into a new replica reproduces every record and listing; importing it again changes nothing")
    func jsonRoundTrip() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let (laptop, id) = try await Self.populated(deployment)
        let file = deployment.directory.appendingPathComponent("backup.json").path
        try await laptop.ok(["export", "json", "--output", file])

        let restored = deployment.machine("restored")
        #expect(try await restored.ok(["import", file]).contains("imported 9 records"))
        #expect(
            try await restored.json(["interview", "list"], as: [InterviewSummary].self)
                == laptop.json(["interview", "list"], as: [InterviewSummary].self)
        )
        #expect(try await restored.json(["due", "--all"], as: [FollowUpItem].self) == laptop.json(["due", "--all"], as: [FollowUpItem].self))
        #expect(
            try await restored.json(["interview", "show", id], as: InterviewJSON.self)
                == laptop.json(["interview", "show", id], as: InterviewJSON.self)
        )
        #expect(
            try await restored.json(["history", id], as: RecordHistory.self).fields.count
                == laptop.json(["history", id], as: RecordHistory.self).fields.count
        )
        #expect(try await restored.ok(["import", file]).contains("imported 0 records"), "a second import merges and changes nothing")
        #expect(
            try await restored.json(["interview", "list"], as: [InterviewSummary].self)
                == laptop.json(["interview", "list"], as: [InterviewSummary].self)
        )
        #expect(try await deployment.machine("garbage").run(["import", "/etc/hostname"]).status == 11)

        // A damaged backup holding one record twice is refused whole, leaving the replica empty.
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let entities = try #require(document["entities"] as? [Any])
        document["entities"] = entities + [entities[0]]
        let damaged = deployment.directory.appendingPathComponent("damaged.json")
        try JSONSerialization.data(withJSONObject: document).write(to: damaged)
        let careful = deployment.machine("careful")
        let refused = try await careful.run(["import", damaged.path])
        #expect(refused.status == 11 && refused.error.contains("twice"), "\(refused.error)")
        #expect(try await careful.ok(["import", file]).contains("imported 9 records"), "nothing of the refused import was kept")
        try await deployment.stop()
    }

    @Test("the iCalendar file parses with a real parser: events, to-dos, due dates, statuses, escaping, folding")
    func iCalendar() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let (laptop, id) = try await Self.populated(deployment)
        let file = deployment.directory.appendingPathComponent("followup.ics").path
        try await laptop.ok(["export", "ics", "--output", file])
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("\r\n"))
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "lines folded at 75 octets")

        let script = """
            import icalendar, json, sys
            calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
            out = {"events": [], "todos": []}
            for component in calendar.walk():
                if component.name == "VEVENT":
                    out["events"].append({"uid": str(component["UID"]), "summary": str(component["SUMMARY"]),
                        "start": component.decoded("DTSTART").isoformat(), "location": str(component.get("LOCATION"))})
                if component.name == "VTODO":
                    out["todos"].append({"uid": str(component["UID"]), "summary": str(component["SUMMARY"]), "status": str(component["STATUS"]),
                        "due": component.decoded("DUE").isoformat() if "DUE" in component else None,
                        "related": str(component.get("RELATED-TO"))})
            print(json.dumps(out))
            """
        let parsed = try await ChildProcess.run(path: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file])
        #expect(parsed.status == 0, "\(parsed.error)")
        struct Parsed: Decodable {
            struct Event: Decodable {
                var uid: String
                var summary: String
                var start: String
                var location: String
            }
            struct Todo: Decodable {
                var uid: String
                var summary: String
                var status: String
                var due: String?
                var related: String
            }
            var events: [Event]
            var todos: [Todo]
        }
        let calendar = try JSONDecoder().decode(Parsed.self, from: Data(parsed.output.utf8))
        let interview = try #require(calendar.events.first { $0.uid.hasPrefix(id) })
        #expect(interview.summary == "Interview: Northwind Traders, Inc. — Logistics Coordinator; nights")
        #expect(interview.start == "2026-11-20T20:30:00+00:00", "14:30 in Chicago is 20:30 UTC")
        #expect(interview.location == "400 Harbor Way\nSeattle, WA 98104")
        #expect(calendar.events.count == 1, "the undated interview is not an event")
        #expect(calendar.todos.count == 3)
        #expect(calendar.todos.filter { $0.status == "COMPLETED" }.count == 1)
        #expect(calendar.todos.filter { $0.status == "NEEDS-ACTION" }.count == 2)
        #expect(calendar.todos.allSatisfy { $0.related.hasPrefix(id) && $0.due != nil })
        let call = try #require(calendar.todos.first { $0.summary.hasPrefix("Follow-up call to Ms. Ana Ruiz") })
        #expect(call.due == "2026-12-01", "the 7th working day after Friday 2026-11-20")

        // UIDs are stable: a second export names the same things the same way.
        let again = deployment.directory.appendingPathComponent("again.ics").path
        try await laptop.ok(["export", "ics", "--output", again])
        let uids = { (path: String) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").filter { $0.hasPrefix("UID:") } }
        #expect(try uids(file) == uids(again))
        try await deployment.stop()
    }

    @Test("the CSV has one row per follow-up with its interview, quoted as RFC 4180 says")
    func csv() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let (laptop, id) = try await Self.populated(deployment)
        let output = try await laptop.ok(["export", "csv"])
        let script = "import csv, sys, json; print(json.dumps(list(csv.DictReader(sys.stdin))))"
        let parsed = try await ChildProcess.run(path: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], input: output)
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(parsed.output.utf8))
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["interview_id"]?.hasPrefix(id) == true && $0["company"] == "Northwind Traders, Inc." })
        #expect(rows.allSatisfy { $0["interview_date"] == "2026-11-20" })
        #expect(rows.contains { $0["status"] == "done" && $0["outcome"] == "mailed, with \"quotes\" and a, comma" })
        #expect(Set(rows.compactMap { $0["kind"] }) == ["thank-you", "call"])
        try await deployment.stop()
    }
}
