import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import HTTPTypes
import Testing

@Suite("Pulls that send only what changed (updates=true)")
struct PartialPullTests {
    @Test("a record the client holds comes as its new writes only; a new record comes whole; merging gives the full state")
    func updatesCarryOnlyNewWrites() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let long = String(repeating: "notes from the interview ", count: 200)
            let records = (0..<5).map { _ in factory.interview(owner: ana.id, fields: ["company": "Acme", "details": .string(long)]) }
            try await api.pushAccepted(records, token: token)
            let first = try await api.pullAll(token: token, updates: true)
            #expect(first.flatMap(\.entities).count == 5 && first.flatMap(\.updates).isEmpty)
            var held = Dictionary(uniqueKeysWithValues: first.flatMap(\.entities).map { ($0.id, $0) })
            let cursor = try #require(first.last?.cursor)

            let edit = factory.edit(entity: records[0].entity, owner: ana.id, set: ["status": "held"])
            let added = factory.interview(owner: ana.id)
            try await api.pushAccepted([edit, added], token: token)
            let reply = try await api.pull(token: token, cursor: cursor, updates: true)
            let page = try reply.page()
            #expect(page.entities.map(\.id) == [added.entity], "the new record comes whole")
            let update = try #require(page.updates.first)
            #expect(page.updates.count == 1 && update.id == records[0].entity)
            #expect(update.registers.keys.sorted() == ["status"], "only the write made after the cursor")
            #expect(reply.body.count < 1_500, "a few hundred bytes, not the 5 KB record: \(reply.body.count)")

            try held[update.id]?.merge(update)
            let whole = try await api.pullAll(token: token).flatMap(\.entities)
            #expect(held[records[0].entity] == whole.first { $0.id == records[0].entity })

            // Without updates=true, the same pull sends whole states, as before.
            let classic = try await api.pull(token: token, cursor: cursor).page()
            #expect(Set(classic.entities.map(\.id)) == [records[0].entity, added.entity] && classic.updates.isEmpty)
        }
    }

    @Test("a fresh pull in pages of two gets every record whole, even those changed after pages it already took")
    func pagedFreshPullIsWhole() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let records = (0..<8).map { _ in factory.interview(owner: ana.id) }
            try await api.pushAccepted(records, token: token)
            // The first records change again: they are now delivered late, after records made after them.
            try await api.pushAccepted(
                records.prefix(3).map { factory.edit(entity: $0.entity, owner: ana.id, set: ["status": "held"]) },
                token: token
            )
            var pages: [PullResponse] = []
            var cursor: String?
            repeat {
                let page = try await api.pull(token: token, cursor: cursor, limit: 2, updates: true).page()
                pages.append(page)
                cursor = page.cursor
                // Meanwhile another device edits a record this client took on the first page.
                if pages.count == 2 {
                    try await api.pushAccepted([factory.edit(entity: records[3].entity, owner: ana.id, set: ["position": "Lead"])], token: token)
                }
            } while pages.last?.hasMore == true
            #expect(pages.flatMap(\.updates).isEmpty, "nothing of this pull is an update: the client held nothing before it")
            let received = Dictionary(pages.flatMap(\.entities).map { ($0.id, $0) }) { first, second in
                var merged = first
                try? merged.merge(second)
                return merged
            }
            #expect(Set(received.keys) == Set(records.map(\.entity)))
            #expect(records.prefix(3).allSatisfy { received[$0.entity]?.string("status") == "held" && received[$0.entity]?.string("company") != nil })
            #expect(received[records[3].entity]?.string("position") == "Lead", "the edit made during the pull came in the same pull")

            // After a completed pull, the next edit comes as an update.
            try await api.pushAccepted([factory.edit(entity: records[4].entity, owner: ana.id, set: ["position": "Head"])], token: token)
            let next = try await api.pullAll(token: token, cursor: cursor, updates: true)
            #expect(next.flatMap(\.entities).isEmpty)
            let update = try #require(next.flatMap(\.updates).first)
            #expect(update.id == records[4].entity && update.registers.keys.sorted() == ["position"])
        }
    }

    @Test("a counselor assigned a seeker after its cursor gets the seeker's records whole, even with updates=true")
    func newAssignmentComesWhole() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("carla", role: .counselor)
        _ = try await harness.createAccount("root", role: .admin)
        try await harness.withServer { api in
            let admin = try await api.login("root")
            let seeker = try await api.login("ana")
            let counselor = try await api.login("carla")
            var factory = harness.changeFactory()
            let record = factory.interview(owner: ana.id)
            try await api.pushAccepted([record], token: seeker)
            let before = try #require(try await api.pullAll(token: counselor, updates: true).last?.cursor)
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin).status == 201)
            try await api.pushAccepted([factory.edit(entity: record.entity, owner: ana.id, set: ["status": "held"])], token: seeker)
            let pages = try await api.pullAll(token: counselor, cursor: before, updates: true)
            #expect(pages.flatMap(\.updates).isEmpty)
            let state = try #require(pages.flatMap(\.entities).first { $0.id == record.entity })
            #expect(state.string("company") != nil && state.string("status") == "held")
        }
    }

    @Test("updates must be true or false")
    func badValue() async throws {
        try await ServerHarness.withSeeker { _, api, token, _ in
            let reply = try await api.request(.get, Endpoint.changes + "?updates=yes", token: token)
            #expect(reply.status == 422, "like a bad limit or wait")
            #expect(reply.text.contains("updates must be true or false"))
        }
    }
}
