import FollowUpClient
import FollowUpTestSupport
import Foundation
import Testing

/// A seeker on two machines, both offline, reconciling through the real server.
@Suite("A seeker on two machines", .serialized, .timeLimit(.minutes(3)))
struct TwoMachinesTests {
    @Test("different fields edited offline on two machines: both edits and both notes survive everywhere")
    func differentFields() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let base = Date().addingTimeInterval(-120)
        let laptop = deployment.machine("laptop").at(base)
        let desktop = deployment.machine("desktop").at(base)
        try await laptop.login(deployment.server, as: "ana")
        try await desktop.login(deployment.server, as: "ana")
        let added = try await laptop.ok([
            "interview", "add", "--company", "Acme", "--position", "Analyst", "--date", "2026-11-20", "--interviewer", "Ana Ruiz",
        ])
        let id = try #require(Machine.addedID(added))
        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])

        // Offline: the laptop edits the position, the desktop the date, and each adds a note.
        try await laptop.at(base.addingTimeInterval(10)).ok(["interview", "edit", id, "--position", "Data analyst"])
        try await laptop.at(base.addingTimeInterval(11)).ok(["note", "add", id, "--kind", "strong-point", "--text", "my SQL portfolio"])
        try await desktop.at(base.addingTimeInterval(12)).ok(["interview", "edit", id, "--date", "2026-11-23"])
        try await desktop.at(base.addingTimeInterval(13)).ok(["note", "add", id, "--kind", "remark", "--text", "their new data team"])

        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])
        try await laptop.ok(["sync"])

        let onLaptop = try await laptop.json(["interview", "show", id], as: InterviewJSON.self)
        let onDesktop = try await desktop.json(["interview", "show", id], as: InterviewJSON.self)
        #expect(onLaptop == onDesktop)
        #expect(onLaptop.position == "Data analyst")
        #expect(onLaptop.date == "2026-11-23")
        #expect(Set(onLaptop.notes.map(\.text)) == ["my SQL portfolio", "their new data team"])

        let history = try await desktop.json(["history", id], as: RecordHistory.self)
        let position = try #require(history.fields.first { $0.name == "position" })
        #expect(position.entries.map(\.value) == ["Analyst", "Data analyst"])
        #expect(position.entries.last?.device == "laptop")
        let date = try #require(history.fields.first { $0.name == "date" })
        #expect(date.entries.last?.thisDevice == true)
        #expect(date.entries.allSatisfy { $0.status != "replaced-concurrently" }, "different fields never conflict")
        try await deployment.stop()
    }

    @Test("end to end, as real processes: the same field edited on both, the later edit wins everywhere, the other stays in history")
    func sameField() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")], runner: .process)
        let base = Date().addingTimeInterval(-120)
        let laptop = deployment.machine("laptop").at(base)
        let desktop = deployment.machine("desktop").at(base)
        try await laptop.login(deployment.server, as: "ana")
        try await desktop.login(deployment.server, as: "ana")
        let id = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "Acme", "--position", "Analyst"])))
        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])

        try await laptop.at(base.addingTimeInterval(10)).ok(["interview", "edit", id, "--company", "Acme Corp"])
        try await desktop.at(base.addingTimeInterval(20)).ok(["interview", "edit", id, "--company", "ACME Inc."])
        // The earlier edit syncs last: it must still lose.
        try await desktop.ok(["sync"])
        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])

        #expect(try await laptop.json(["interview", "show", id], as: InterviewJSON.self).company == "ACME Inc.")
        #expect(try await desktop.json(["interview", "show", id], as: InterviewJSON.self).company == "ACME Inc.")
        for machine in [laptop, desktop] {
            let company = try #require(try await machine.json(["history", id], as: RecordHistory.self).fields.first { $0.name == "company" })
            #expect(company.entries.map(\.value) == ["Acme", "Acme Corp", "ACME Inc."])
            #expect(company.entries.map(\.status) == ["replaced", "replaced-concurrently", "current"])
        }
        let conflicts = try await laptop.json(["conflicts"], as: [ConflictRecord].self)
        #expect(conflicts.contains { $0.field == "company" && $0.lostValue == "Acme Corp" && $0.keptValue == "ACME Inc." })
        #expect(try await laptop.ok(["status"]).contains("conflicts: 1 value"))
        try await deployment.stop()
    }
}

/// The parts of `interview show --json` these tests compare.
struct InterviewJSON: Decodable, Equatable {
    struct Note: Decodable, Equatable {
        var id: String
        var kind: String?
        var text: String?
        var addition: String?
    }

    struct Person: Decodable, Equatable {
        var id: String
        var name: String?
    }

    var id: String
    var company: String?
    var position: String?
    var date: String?
    var status: String?
    var tags: [String]
    var interviewers: [Person]
    var notes: [Note]
    var followUps: [FollowUpItem]
}
