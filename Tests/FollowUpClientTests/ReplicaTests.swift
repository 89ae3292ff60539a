import FollowUpClient
import FollowUpCore
import FollowUpProtocol
import FollowUpTestSupport
import Foundation
import Testing

/// The replica on its own: real SQLite files, an injected clock, no server.
@Suite("Replica")
struct ReplicaTests {
    static let ana = UUID(uuidString: "00000000-0000-4000-8000-0000000000a1") ?? UUID()

    /// A replica bound to Ana (as a login would), with its clock at `now`.
    static func replica(now: Date = Date(timeIntervalSince1970: 1_795_186_800)) throws -> (Replica, URL) {
        let directory = try makeTemporaryDirectory("replica")
        let replica = try Replica(directory: directory, now: { now })
        let login = LoginResponse(
            token: "fu_test",
            expiresAt: now.addingTimeInterval(86_400),
            account: AccountInfo(id: ana, username: "ana", displayName: "Ana Ruiz", role: .seeker),
            device: DeviceInfo(id: UUID(), name: "test", createdAt: now, lastUsedAt: nil, expiresAt: now, revoked: false, current: true)
        )
        try replica.bind(login, serverURL: "http://127.0.0.1:1", serverID: UUID())
        return (replica, directory)
    }

    @Test("every write is queued once, survives reopening, and an edit that changes nothing queues nothing")
    func queueing() throws {
        let (replica, directory) = try Self.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = InterviewInput()
        input.company = "Acme"
        let id = try replica.addInterview(owner: Self.ana, input)
        #expect(try replica.queuedCount() == 1)
        try replica.editInterview(id, input)
        #expect(try replica.queuedCount() == 1, "setting the same company changes nothing")
        input.position = "Analyst"
        try replica.editInterview(id, input)
        let reopened = try Replica(directory: directory)
        #expect(try reopened.queuedCount() == 2)
        #expect(reopened.replicaID == replica.replicaID)
        let changes = try reopened.queuedChanges(limit: 10, maxBytes: 1_000_000).map { try $0.decoded() }
        #expect(changes.map(\.at).sorted() == changes.map(\.at), "queued in the order they were made")
        #expect(changes[1].base["position"] == nil && changes[1].set == ["position": "Analyst"])
    }

    @Test("the clock stays monotonic across reopening, even when the wall clock goes back")
    func clockPersists() throws {
        let (first, directory) = try Self.replica(now: Date(timeIntervalSince1970: 1_795_186_800))
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = InterviewInput()
        input.company = "Acme"
        let id = try first.addInterview(owner: Self.ana, input)
        let earlier = try Replica(directory: directory, now: { Date(timeIntervalSince1970: 1_700_000_000) })
        input.company = "Acme Corp"
        try earlier.editInterview(id, input)
        let stamps = try earlier.queuedChanges(limit: 10, maxBytes: 1_000_000).map { try $0.decoded().at }
        #expect(stamps.count == 2 && stamps[0] < stamps[1])
        #expect(try earlier.state(of: id)?.string("company") == "Acme Corp")
    }

    @Test("planning is idempotent and follows the interview's interviewers, in the order added")
    func planning() throws {
        let (replica, directory) = try Self.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = InterviewInput()
        input.company = "Acme"
        input.date = LocalDate(iso: "2026-11-20")
        let id = try replica.addInterview(
            owner: Self.ana,
            input,
            interviewers: [InterviewerInput(name: "Zoe First"), InterviewerInput(name: "Al Second")]
        )
        #expect(try replica.markHeld(id).count == 3)
        #expect(try replica.markHeld(id).isEmpty, "holding twice plans nothing more")
        let calls = try replica.followUps(.all).filter { $0.kind == "call" }
        #expect(calls.map(\.recipient) == ["Zoe First"], "the first interviewer added is the one to call")
        _ = try replica.addInterviewer(to: id, InterviewerInput(name: "Late Addition"))
        #expect(try replica.followUps(.all).filter { $0.kind == "thank-you" }.count == 3, "a thank-you is planned for a late addition too")
    }

    @Test("due filters: today, this week, overdue, open, all")
    func dueFilters() throws {
        // 2026-11-27, a Friday: the interview on Monday the 23rd has an overdue thank-you and a call next week.
        let (replica, directory) = try Self.replica(now: Date(timeIntervalSince1970: 1_795_780_800))
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(replica.today.description == "2026-11-27" || TimeZone.current.secondsFromGMT() != 0)
        let today = LocalDate(iso: "2026-11-27") ?? replica.today
        var input = InterviewInput()
        input.company = "Acme"
        input.date = LocalDate(iso: "2026-11-23")
        let id = try replica.addInterview(owner: Self.ana, input, interviewers: [InterviewerInput(name: "Ana Ruiz")])
        try replica.markHeld(id)
        #expect(try replica.followUps(.today, on: today).map(\.kind) == ["thank-you"])
        #expect(try replica.followUps(.overdue, on: today).map(\.urgency) == ["overdue"])
        #expect(try replica.followUps(.week, on: today).map(\.kind) == ["thank-you", "call"])
        #expect(try replica.followUps(.week, on: today).last?.when == "in 3 days")
        let thankYou = try #require(try replica.followUps(.today, on: today).first)
        try replica.updateFollowUp(try replica.resolve(thankYou.id), .done(outcome: nil))
        #expect(try replica.followUps(.today, on: today).isEmpty)
        #expect(try replica.followUps(.open, on: today).count == 1)
        #expect(try replica.followUps(.all, on: today).count == 2)
        #expect(try replica.followUps(.all, on: today).last?.urgency == "closed")
        try replica.delete(id)
        #expect(try replica.followUps(.open, on: today).isEmpty, "a deleted interview's follow-ups leave the lists")
        try replica.restore(id)
        #expect(try replica.followUps(.open, on: today).count == 1)
    }

    @Test("a pulled page merges, notices concurrent replacements, and moves the cursor in one step")
    func applyingPages() throws {
        let (replica, directory) = try Self.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = InterviewInput()
        input.company = "Acme"
        let id = try replica.addInterview(owner: Self.ana, input)
        input.company = "Acme Corp"
        try replica.editInterview(id, input)
        var local = try #require(try replica.state(of: id))
        // Another device replaced "Acme" concurrently, a moment later.
        let original = try #require(local.registers["company"]?.history.first)
        let remote = Change(
            id: UUID(),
            type: .interview,
            entity: id,
            owner: Self.ana,
            at: Timestamp(millis: (local.lastChanged?.millis ?? 0) + 1_000, counter: 0, replica: ReplicaID(rawValue: 0xB2)),
            set: ["company": "ACME Inc."],
            base: ["company": original.at]
        )
        var theirs = local
        try theirs.apply(remote)
        let result = try replica.apply(PullResponse(cursor: "c1", hasMore: false, entities: [theirs]))
        #expect(result.updated == 1)
        #expect(result.conflicts == 1)
        #expect(try replica.cursor() == "c1")
        local = try #require(try replica.state(of: id))
        #expect(local.string("company") == "ACME Inc.")
        #expect(try replica.conflicts().first?.lostValue == "Acme Corp")
        // The same page again changes nothing.
        #expect(try replica.apply(PullResponse(cursor: "c1", hasMore: false, entities: [theirs])).updated == 0)
        // Removed owners take all their records with them.
        try replica.apply(PullResponse(cursor: "c2", hasMore: false, entities: [], removedOwners: [Self.ana]))
        #expect(try replica.interviews().isEmpty)
        #expect(try replica.state(of: id) == nil)
    }

    @Test("acknowledgements drop accepted changes and set rejected ones aside")
    func acknowledgements() throws {
        let (replica, directory) = try Self.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = InterviewInput()
        input.company = "Acme"
        _ = try replica.addInterview(owner: Self.ana, input)
        _ = try replica.addInterview(owner: Self.ana, input)
        let batch = try replica.queuedChanges(limit: 10, maxBytes: 1_000_000)
        // An answer about a change this batch did not carry dequeues nothing.
        try replica.acknowledge([.accepted(UUID(), seq: 6)], for: batch)
        #expect(try replica.queuedCount() == 2)
        try replica.acknowledge(
            [.accepted(batch[0].id, seq: 7), .rejected(batch[1].id, Rejection(code: "forbidden", message: "not yours"))],
            for: batch
        )
        #expect(try replica.queuedCount() == 0)
        #expect(try replica.rejectedChanges().map(\.code) == ["forbidden"])
        let status = try replica.status(home: directory)
        #expect(status.rejectedChanges == 1 && status.queuedChanges == 0)
    }

    @Test("answers for some of a batch's changes dequeue exactly those, however they fall in the queue")
    func partialAcknowledgements() throws {
        let (replica, directory) = try Self.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = InterviewInput()
        for company in ["A", "B", "C", "D", "E", "F"] {
            input.company = company
            _ = try replica.addInterview(owner: Self.ana, input)
        }
        let batch = try replica.queuedChanges(limit: 10, maxBytes: 1_000_000)
        #expect(batch.count == 6)
        // The first two, the fourth and the last, answered out of order; the third and fifth not at all.
        try replica.acknowledge(
            [.accepted(batch[5].id, seq: 16), .accepted(batch[0].id, seq: 11), .accepted(batch[3].id, seq: 14), .accepted(batch[1].id, seq: 12)],
            for: batch
        )
        #expect(try replica.queuedChanges(limit: 10, maxBytes: 1_000_000).map(\.id) == [batch[2].id, batch[4].id])
    }

    @Test("a replica bound to one account refuses another's login while it holds work")
    func binding() throws {
        let (replica, directory) = try Self.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = InterviewInput()
        input.company = "Acme"
        _ = try replica.addInterview(owner: Self.ana, input)
        let ben = LoginResponse(
            token: "fu_ben",
            expiresAt: Date(),
            account: AccountInfo(id: UUID(), username: "ben", displayName: "Ben", role: .seeker),
            device: DeviceInfo(id: UUID(), name: "x", createdAt: Date(), lastUsedAt: nil, expiresAt: Date(), revoked: false, current: true)
        )
        #expect(throws: ClientError.self) { try replica.bind(ben, serverURL: "http://127.0.0.1:1", serverID: UUID()) }
        #expect(try replica.session()?.account.username == "ana")
    }

    @Test("input limits are enforced before anything is written")
    func limits() throws {
        let (replica, directory) = try Self.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = InterviewInput()
        input.company = String(repeating: "x", count: 70_000)
        #expect(throws: ClientError.self) { try replica.addInterview(owner: Self.ana, input) }
        #expect(try replica.queuedCount() == 0)
        #expect(try replica.interviews().isEmpty)
        #expect(throws: ClientError.self) { try replica.addInterview(owner: Self.ana, InterviewInput()) }
    }

    @Test("listings stay right whatever order records arrive in: copied names and counts follow their sources")
    func projectionsFollowTheirSources() throws {
        let (source, sourceDirectory) = try Self.replica()
        let (target, targetDirectory) = try Self.replica()
        defer {
            try? FileManager.default.removeItem(at: sourceDirectory)
            try? FileManager.default.removeItem(at: targetDirectory)
        }
        var input = InterviewInput()
        input.company = "Acme"
        input.position = "Analyst"
        input.date = LocalDate(iso: "2026-11-23")
        let id = try source.addInterview(owner: Self.ana, input, interviewers: [InterviewerInput(name: "Ana Ruiz")])
        try source.markHeld(id)
        let states = try source.backup().entities
        // The follow-ups arrive first, their interview and interviewer only in a later page.
        let followUps = states.filter { $0.type == .followUp }
        try target.apply(PullResponse(cursor: "1", hasMore: true, entities: followUps))
        #expect(try target.followUps(.all).allSatisfy { $0.company == nil })
        try target.apply(PullResponse(cursor: "2", hasMore: false, entities: states.filter { $0.type != .followUp }))
        var items = try target.followUps(.all)
        #expect(items.count == 2 && items.allSatisfy { $0.company == "Acme" && $0.position == "Analyst" && $0.recipient == "Ana Ruiz" })
        #expect(try target.interviews().first?.openFollowUps == 2)

        // Renames and deletions reach the follow-ups; closing one updates the count.
        input = InterviewInput()
        input.company = "Acme Corp"
        try target.editInterview(id, input)
        let interviewerID = try #require(try target.interviewDetail(id).interviewers.first?.id)
        try target.editInterviewer(interviewerID, InterviewerInput(name: "Dr. Ana Ruiz"))
        items = try target.followUps(.all)
        #expect(items.allSatisfy { $0.company == "Acme Corp" && $0.recipient == "Dr. Ana Ruiz" })
        try target.updateFollowUp(try target.resolve(items[0].id), .done(outcome: nil))
        #expect(try target.interviews().first?.openFollowUps == 1)
        try target.delete(id)
        #expect(try target.followUps(.all).isEmpty)
        try target.restore(id)
        #expect(try target.followUps(.all).count == 2)
    }
}
