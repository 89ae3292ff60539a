import FollowUpClient
import FollowUpCore
import FollowUpTestSupport
import Foundation
import Testing

/// The tables `interview list`, `due` and `interview show` print, read back the way a person reads
/// them: by the columns the header line sets out.
@Suite("Listing tables", .serialized)
struct ListingTableTests {
    @Test("a counselor's tables name each row's seeker, align every column, and list what --json lists in the same order")
    func counselorTables() async throws {
        let deployment = try await Deployment.start(accounts: [("carla", "counselor"), ("ana", "seeker"), ("benedikt", "seeker")])
        let ana = deployment.machine("ana-laptop")
        let ben = deployment.machine("ben-laptop")
        let counselor = deployment.machine("carla-office")
        try await ana.login(deployment.server, as: "ana")
        try await ben.login(deployment.server, as: "benedikt")
        try await counselor.login(deployment.server, as: "carla")
        try await deployment.server.admin(["assign", "carla", "ana"])
        try await deployment.server.admin(["assign", "carla", "benedikt"])

        let today = LocalDateText.today
        let globex = try #require(
            Machine.addedID(
                try await ana.ok([
                    "interview", "add", "--company", "Globex", "--position", "Planner", "--date", today.adding(days: -9).description,
                    "--interviewer", "Sam Lee",
                ])
            )
        )
        try await ana.ok(["interview", "held", globex])
        let dropped = try #require(Machine.addedID(try await ana.ok(["interview", "add", "--company", "Initech", "--date", today.description])))
        try await ana.ok(["interview", "delete", dropped])
        // Letters beyond ASCII take one column each, however many bytes they are.
        let cafe = try #require(
            Machine.addedID(
                try await ben.ok([
                    "interview", "add", "--company", "Café Zürich", "--position", "Barista — Lead", "--date", today.adding(days: -2).description,
                    "--time", "09:30", "--interviewer", "Zoë Ng",
                ])
            )
        )
        try await ben.ok(["interview", "held", cafe])
        try await ana.ok(["sync"])
        try await ben.ok(["sync"])
        try await counselor.ok(["sync"])

        let interviews = try await counselor.json(["interview", "list", "--deleted"], as: [InterviewSummary].self)
        let listed = try Table(try await counselor.ok(["interview", "list", "--deleted"]))
        #expect(listed.headers == ["id", "seeker", "date", "company", "position", "status", "open"])
        #expect(listed.rows.map { $0["id"] } == interviews.map { $0.id.shortID }, "the same interviews, newest first")
        for (row, interview) in zip(listed.rows, interviews) {
            #expect(row["seeker"] == interview.seeker)
            #expect(row["company"] == interview.company ?? "")
            #expect(row["position"] == interview.position ?? "")
            #expect(row["date"] == [interview.date?.description, interview.time].compactMap { $0 }.joined(separator: " "))
            #expect(row["status"] == (interview.status ?? "") + (interview.deleted ? " (deleted)" : ""))
            #expect(row["open"] == (interview.openFollowUps == 0 ? "" : String(interview.openFollowUps)))
        }
        #expect(listed.rows.first { $0["id"] == cafe }?["date"] == "\(today.adding(days: -2)) 09:30")
        #expect(listed.rows.first { $0["id"] == dropped }?["status"] == "scheduled (deleted)")
        #expect(try Table(try await counselor.ok(["interview", "list"])).rows.count == interviews.count - 1, "deleted ones only on request")

        let followUps = try await counselor.json(["due", "--all"], as: [FollowUpItem].self)
        let due = try Table(try await counselor.ok(["due", "--all"]))
        #expect(due.headers == ["id", "seeker", "when", "what", "interview", "window", "status"])
        #expect(due.rows.map { $0["id"] } == followUps.map { $0.id.shortID }, "overdue first, then due, upcoming, closed")
        #expect(Set(due.rows.compactMap { $0["seeker"] }) == ["ana", "benedikt"])
        for (row, item) in zip(due.rows, followUps) {
            #expect(row["when"] == item.when)
            #expect(row["interview"] == [item.company, item.position].compactMap { $0 }.joined(separator: " — "))
            #expect(row["what"]?.hasPrefix(item.kind == "call" ? "Follow-up call" : "Thank-you") == true)
        }
        let call = try #require(due.rows.first { $0["interview"] == "Café Zürich — Barista — Lead" && $0["what"] == "Follow-up call to Zoë Ng" })
        #expect(call["window"]?.contains(" – ") == true, "a call's window runs from its first to its last day")
        #expect(due.rows.first?["when"]?.hasPrefix("overdue") == true, "Globex's thank-you, nine days on, comes first")
        // A seeker's own listing has no seeker column; `show` lists its follow-ups without the interview.
        #expect(try Table(try await ana.ok(["interview", "list"])).headers == ["id", "date", "company", "position", "status", "open"])
        #expect(try Table(try await ana.ok(["due", "--all"])).headers == ["id", "when", "what", "interview", "window", "status"])
        #expect(try await ana.ok(["interview", "list", "--status", "offer"]) == "no offer interviews\n", "a filter that matches nothing says so")
        let shown = try await ben.ok(["interview", "show", cafe])
        let section = try #require(shown.components(separatedBy: "Follow-ups\n").last)
        let followUpsShown = try Table(section)
        #expect(followUpsShown.headers == ["id", "when", "what", "window", "status"])
        #expect(followUpsShown.rows.count == 2)
        try await deployment.stop()
    }

    @Test("a long value is cut to 60 characters in a table, at a character boundary; show and --json give it whole")
    func longValuesInTables() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        try await laptop.login(deployment.server, as: "ana")
        let company = "Ünïcode Holdings" + String(repeating: " and Subsidiaries", count: 3_800)  // 64,616 characters
        let id = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", company, "--position", "Analyst"])))

        let listing = try await laptop.ok(["interview", "list"])
        let table = try Table(listing)
        let shown = try #require(table.rows.first?["company"])
        #expect(shown.unicodeScalars.count == 60 && shown.hasSuffix("…"), "\(shown)")
        #expect(company.hasPrefix(String(shown.dropLast())), "the cell is the value's start")
        #expect(table.rows.first?["position"] == "Analyst", "the columns after it stay aligned")
        #expect(listing.utf8.count < 1_000, "the listing is a line, not 64 KiB: \(listing.utf8.count) bytes")

        #expect(try await laptop.json(["interview", "list"], as: [InterviewSummary].self).first?.company == company)
        #expect(try await laptop.ok(["interview", "show", id]).contains(company))
        try await deployment.stop()
    }

    @Test("an empty replica says so instead of printing an empty table")
    func emptyListings() async throws {
        let directory = try makeTemporaryDirectory("client")
        defer { try? FileManager.default.removeItem(at: directory) }
        let machine = Machine("offline", in: directory)
        #expect(try await machine.ok(["interview", "list"]).hasPrefix("no interviews yet"))
        #expect(try await machine.ok(["due"]).hasPrefix("nothing due"))
        #expect(try await machine.ok(["due", "--overdue"]).hasPrefix("nothing overdue"))
    }
}

/// A printed table, split into cells where the header line's words start (columns counted in
/// Unicode scalars, as a terminal shows them). Fails when a cell would spill across a column edge.
private struct Table {
    var headers: [String]
    var rows: [[String: String]]

    init(_ text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        let header = try #require(lines.first, "no header line in \(text)")
        var starts: [Int] = []
        for (offset, scalar) in header.enumerated() where scalar != " " && (offset == 0 || header[offset - 1] == " ") {
            starts.append(offset)
        }
        func cells(_ line: [Unicode.Scalar]) throws -> [String] {
            try starts.indices.map { index in
                let start = min(starts[index], line.count)
                let end = index + 1 < starts.count ? min(starts[index + 1], line.count) : line.count
                if index + 1 < starts.count, end == starts[index + 1], end < line.count {
                    try #require(line[end - 1] == " ", "a cell runs into the next column: \(String(String.UnicodeScalarView(line)))")
                }
                return String(String.UnicodeScalarView(line[start..<end])).trimmingCharacters(in: .whitespaces)
            }
        }
        let names = try cells(header)
        headers = names
        rows = try lines.dropFirst().map { line in Dictionary(uniqueKeysWithValues: zip(names, try cells(line))) }
    }
}
