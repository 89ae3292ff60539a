import FollowUpClient
import FollowUpCore
import FollowUpTestSupport
import Foundation
import Testing

@Suite("A counselor and a seeker", .serialized)
struct CounselorTests {
    @Test("the caseload shows the seeker's follow-ups; a counselor's note reaches the seeker; unassignment drops the records")
    func caseload() async throws {
        let deployment = try await Deployment.start(accounts: [("carla", "counselor"), ("ana", "seeker"), ("ben", "seeker")])
        let seeker = deployment.machine("ana-laptop")
        let counselor = deployment.machine("carla-office")
        try await seeker.login(deployment.server, as: "ana")
        try await counselor.login(deployment.server, as: "carla")
        try await deployment.server.admin(["assign", "carla", "ana"])
        try await deployment.server.admin(["assign", "carla", "ben"])

        // Ana held an interview three working days ago: the thank-you is overdue, the call is this week or next.
        let today = LocalDateText.today
        let added = try await seeker.ok([
            "interview", "add", "--company", "Globex", "--position", "Planner", "--date", today.adding(days: -3).description, "--interviewer",
            "Sam Lee",
        ])
        let id = try #require(Machine.addedID(added))
        try await seeker.ok(["interview", "held", id])
        try await seeker.ok(["sync"])

        let report = try await counselor.json(["sync"], as: SyncReport.self)
        #expect(report.pulled >= 4, "interview, interviewer and follow-ups arrive")
        let caseload = try await counselor.json(["caseload"], as: [CaseloadEntry].self)
        #expect(caseload.map(\.username) == ["ana", "ben"], "ordered by overdue first")
        let ana = try #require(caseload.first)
        #expect(ana.interviews == 1)
        #expect(ana.overdue >= 1)
        #expect(ana.daysSinceActivity == 0)
        #expect(caseload.last?.lastActivity == nil, "Ben has done nothing yet")
        #expect(try await counselor.ok(["caseload"]).contains("Globex") == false)

        let due = try await counselor.json(["due", "--seeker", "ana"], as: [FollowUpItem].self)
        #expect(due.contains { $0.urgency == "overdue" && $0.kind == "thank-you" })
        // Without --seeker a counselor must say whose record a new interview is.
        let unowned = try await counselor.run(["interview", "add", "--company", "X"])
        #expect(unowned.status == 11)
        #expect(unowned.error.contains("--seeker"))

        try await counselor.ok(["note", "add", id, "--kind", "concern", "--text", "no forklift licence", "--addition", "course booked for December"])
        try await counselor.ok(["sync"])
        try await seeker.ok(["sync"])
        let notes = try await seeker.json(["interview", "show", id], as: InterviewJSON.self).notes
        #expect(notes.contains { $0.text == "no forklift licence" && $0.addition == "course booked for December" })
        let history = try await seeker.json(["history", notes.first { $0.kind == "concern" }?.id ?? ""], as: RecordHistory.self)
        #expect(history.fields.first?.entries.first?.author == "carla")
        #expect(history.fields.first?.entries.first?.device == "carla-office")

        try await deployment.server.admin(["unassign", "carla", "ana"])
        let afterUnassign = try await counselor.json(["sync"], as: SyncReport.self)
        #expect(afterUnassign.removedOwners == 1)
        #expect(try await counselor.json(["interview", "list"], as: [InterviewSummary].self).isEmpty)
        #expect(try await counselor.json(["caseload"], as: [CaseloadEntry].self).map(\.username) == ["ben"])
        #expect(try await counselor.run(["interview", "show", id]).status == 9, "the record left the counselor's replica")
        try await deployment.stop()
    }

    @Test("a change the server refuses is set aside and reported, and never blocks the rest")
    func rejectedChange() async throws {
        let deployment = try await Deployment.start(accounts: [("carla", "counselor"), ("ana", "seeker")])
        let counselor = deployment.machine("carla-office")
        try await counselor.login(deployment.server, as: "carla")
        try await deployment.server.admin(["assign", "carla", "ana"])
        try await counselor.ok(["sync"])
        let first = try #require(Machine.addedID(try await counselor.ok(["interview", "add", "--company", "Initech", "--seeker", "ana"])))
        try await counselor.ok(["sync"])
        // Offline, Carla edits Ana's interview; meanwhile the admin ends the assignment.
        try await counselor.ok(["interview", "edit", first, "--position", "Analyst"])
        try await deployment.server.admin(["unassign", "carla", "ana"])
        let result = try await counselor.run(["sync"])
        #expect(result.status == 0)
        #expect(result.error.contains("rejected and set aside"))
        #expect(result.output.contains("1 rejected"))
        let status = try await counselor.json(["status"], as: ReplicaStatus.self)
        #expect(status.queuedChanges == 0)
        #expect(status.rejectedChanges == 1)
        #expect(try await counselor.ok(["sync", "--rejected"]).contains("forbidden"))
        #expect(try await counselor.json(["sync"], as: SyncReport.self).rejected.isEmpty, "not retried")
        try await deployment.stop()
    }
}

/// Today as the CLI sees it (the tests run the CLI on this machine's clock and zone).
enum LocalDateText {
    static var today: LocalDate { LocalDate(Date(), in: .current) }
}
