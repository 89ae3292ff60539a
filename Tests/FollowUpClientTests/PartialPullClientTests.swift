import FollowUpClient
import FollowUpTestSupport
import Foundation
import Testing

/// The client's side of pulls that send only what changed (SPEC §5.3).
@Suite("Pulling only what changed", .serialized, .timeLimit(.minutes(3)))
struct PartialPullClientTests {
    @Test("edits made elsewhere arrive as updates and merge into the whole record, history included")
    func updatesMerge() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        let desktop = deployment.machine("desktop")
        try await laptop.login(deployment.server, as: "ana")
        try await desktop.login(deployment.server, as: "ana")
        let id = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "Acme", "--position", "Analyst"])))
        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])
        for position in ["Data analyst", "Senior analyst"] {
            try await laptop.ok(["interview", "edit", id, "--position", position])
            try await laptop.ok(["sync"])
            try await desktop.ok(["sync"])
        }
        let onLaptop = try await laptop.json(["interview", "show", id], as: InterviewJSON.self)
        let onDesktop = try await desktop.json(["interview", "show", id], as: InterviewJSON.self)
        #expect(onDesktop == onLaptop && onDesktop.company == "Acme" && onDesktop.position == "Senior analyst")
        let history = try await desktop.ok(["history", id])
        #expect(history.contains("Analyst") && history.contains("Data analyst"), "\(history)")
    }

    @Test("a replica that lost a record it had pulled gets an update it cannot place: it pulls everything again and repairs itself")
    func replicaBehindItsCursor() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        let desktop = deployment.machine("desktop")
        try await laptop.login(deployment.server, as: "ana")
        try await desktop.login(deployment.server, as: "ana")
        let short = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "Acme", "--position", "Analyst"])))
        let id = try await laptop.json(["interview", "show", short], as: InterviewJSON.self).id
        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])
        // The desktop's replica loses the record behind the client's back (a damaged or hand-edited file).
        let file = desktop.home.appendingPathComponent(Replica.fileName).path
        let removed = try await ChildProcess.run(
            path: URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM entities WHERE id=?', (sys.argv[2],)); c.execute('DELETE FROM interviews WHERE id=?', (sys.argv[2],)); c.commit()",
                file, id,
            ]
        )
        #expect(removed.status == 0, "\(removed.error)")
        #expect(try await desktop.run(["interview", "show", id]).status != 0, "the record is gone from the desktop")
        try await laptop.ok(["interview", "edit", id, "--position", "Data analyst"])
        try await laptop.ok(["sync"])
        let synced = try await desktop.json(["sync"], as: SyncReport.self)
        #expect(synced.cursorReset, "the sync started over")
        let onDesktop = try await desktop.json(["interview", "show", id], as: InterviewJSON.self)
        #expect(onDesktop.company == "Acme" && onDesktop.position == "Data analyst")
    }
}
