import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Testing

@Suite("Concurrency and restarts", .timeLimit(.minutes(3)))
struct ConcurrencyTests {
    @Test("20 concurrent pushers while a reader pulls: every change is seen, exactly once")
    func concurrentPushers() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            let clock = harness.clock
            // A reader follows along with small pages while the pushers run.
            let reader = Task {
                var seen: [UUID: Int] = [:]
                var cursor: String?
                var pages = 0
                while pages < 5_000 {
                    let page = try await api.pull(token: token, cursor: cursor, limit: 13).page()
                    for entity in page.entities { seen[entity.id, default: 0] += 1 }
                    cursor = page.cursor
                    pages += 1
                    if seen.count == 20 * 10 * 5 { break }
                    if !page.hasMore { try await Task.sleep(for: .milliseconds(5)) }
                }
                return seen
            }
            let pushed = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for pusher in 0..<20 {
                    group.addTask {
                        var factory = ChangeFactory(replica: UInt64(pusher + 1), wall: { clock.millis })
                        var entities: [UUID] = []
                        for _ in 0..<5 {
                            let batch = (0..<10).map { _ in factory.interview(owner: ana.id) }
                            entities += batch.map(\.entity)
                            try await api.pushAccepted(batch, token: token)
                        }
                        return entities
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let seen = try await reader.value
            #expect(pushed.count == 1000)
            // Each new entity was created once and never edited again, so a reader that never
            // skips and never repeats sees each exactly once.
            #expect(Set(seen.keys) == Set(pushed), "missing: \(Set(pushed).subtracting(seen.keys).count)")
            #expect(seen.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("concurrent pushes to the same records: every field each one wrote survives")
    func concurrentWritersOfOneRecord() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            let clock = harness.clock
            let records = (0..<32).map { _ in UUID() }
            // 20 devices each write their own field of the same 32 records, 5 times, all at once:
            // each push must be merged on top of the others, whatever order they commit in.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for device in 0..<20 {
                    group.addTask {
                        var factory = ChangeFactory(replica: UInt64(device + 1), wall: { clock.millis })
                        for round in 0..<5 {
                            let batch = records.map { record in
                                factory.edit(entity: record, owner: ana.id, set: ["device\(device)": .string("round \(round)")])
                            }
                            try await api.pushAccepted(batch, token: token)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let states = try await api.pullAll(token: token).flatMap(\.entities)
            #expect(Set(states.map(\.id)) == Set(records))
            for state in states {
                for device in 0..<20 {
                    #expect(state.string("device\(device)") == "round 4", "record \(state.id) lost device \(device)'s last write")
                }
            }
        }
    }

    @Test("a restart between push and pull loses nothing, and old cursors stay valid")
    func restart() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        let (token, cursor, firstBatch) = try await harness.withServer { api in
            let token = try await api.login("ana")
            var factory = harness.changeFactory()
            let batch = (0..<25).map { _ in factory.interview(owner: ana.id) }
            try await api.pushAccepted(batch, token: token)
            let cursor = try #require(try await api.pullAll(token: token).last?.cursor)
            return (token, cursor, batch)
        }
        try await harness.withServer { api in
            var factory = harness.changeFactory()
            let second = (0..<5).map { _ in factory.interview(owner: ana.id) }
            try await api.pushAccepted(second, token: token)
            let delta = try await api.pullAll(token: token, cursor: cursor).flatMap(\.entities)
            #expect(delta.map(\.id) == second.map(\.entity))
            let everything = try await api.pullAll(token: token).flatMap(\.entities)
            #expect(Set(everything.map(\.id)) == Set((firstBatch + second).map(\.entity)))
            // Exactly-once survives the restart too.
            let replay = try await api.push(firstBatch, token: token).decode(PushResponse.self).results
            #expect(replay.allSatisfy { $0.duplicate == true })
        }
    }
}
