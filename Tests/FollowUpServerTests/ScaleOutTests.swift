import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import FollowUpTestSupport
import Foundation
import Synchronization
import Testing

/// Several stateless server instances over one database: the cursor that never skips.
///
/// 12 seekers push new records through randomly chosen instances while 4 counselors, assigned to
/// all of them, follow their cursors through randomly chosen instances in small pages. Each change
/// makes a record of its own, so a puller must receive every accepted change's record exactly
/// once: a cursor that moved past a number whose transaction was not yet visible would lose one
/// for good, and a cursor that moved back would deliver one twice. The schedule (instance, batch
/// size, page size, pauses) comes from the seed, so a failure replays.
extension PostgresAndScaleOut {
    @Suite("Scale-out: several instances on one database", .serialized, .timeLimit(.minutes(20)))
    struct ScaleOutTests {
        enum Backend: String, CaseIterable, CustomTestStringConvertible {
            case sqlite, postgres
            var testDescription: String { rawValue }
        }

        /// Changes per seed: three seeds make more than 100,000 per backend.
        static let changesPerSeed = 35_000

        @Test(
            "12 pushers and 4 pullers over 3 instances: every puller sees every accepted change exactly once",
            arguments: Backend.allCases,
            [UInt64(1), 2, 3]
        )
        func cursorNeverSkips(backend: Backend, seed: UInt64) async throws {
            let harness = try ServerHarness { configuration in
                configuration.maxBatch = 1_000
            }
            defer { harness.remove() }
            var harnessOnBackend = harness
            switch backend {
            case .sqlite: harnessOnBackend.configuration.databaseURL = nil
            case .postgres:
                harnessOnBackend.configuration.databaseURL = try TestPostgres.url(
                    database: "followup_scaleout_\(harness.directory.lastPathComponent.suffix(12).lowercased())_\(seed)"
                )
            }
            let setup = harnessOnBackend
            let seekers = (0..<12).map { "seeker\($0)" }
            let counselors = (0..<4).map { "counselor\($0)" }
            var owners: [UUID] = []
            for seeker in seekers { owners.append(try await setup.createAccount(seeker, role: .seeker).id) }
            for counselor in counselors {
                _ = try await setup.createAccount(counselor, role: .counselor)
                for seeker in seekers { try await setup.assign(seeker, to: counselor) }
            }
            let seekerIDs = owners
            let perPusher = Self.changesPerSeed / seekers.count

            let outcome = try await setup.withInstances(3) { instances in
                let pushersDone = Counter()
                return try await withThrowingTaskGroup(of: Side.self) { group in
                    for (index, seeker) in seekers.enumerated() {
                        group.addTask {
                            var random = SeededGenerator(seed: seed &* 1_000 &+ UInt64(index))
                            let token = try await instances[0].login(seeker)
                            var factory = setup.changeFactory(replica: seed &* 1_000 &+ UInt64(index) &+ 1)
                            var accepted: Set<UUID> = []
                            var made = 0
                            while made < perPusher {
                                let size = min(perPusher - made, Int.random(in: 1...400, using: &random))
                                let changes = (0..<size).map { _ in factory.interview(owner: seekerIDs[index]) }
                                let instance = instances[Int.random(in: 0..<instances.count, using: &random)]
                                let results = try await instance.pushAccepted(changes, token: token)
                                for (change, result) in zip(changes, results) where result.status == .accepted { accepted.insert(change.entity) }
                                made += size
                            }
                            pushersDone.add()
                            return .pushed(accepted)
                        }
                    }
                    for (index, counselor) in counselors.enumerated() {
                        group.addTask {
                            var random = SeededGenerator(seed: seed &* 7_919 &+ UInt64(index))
                            let token = try await instances[0].login(counselor)
                            var seen: [UUID: Int] = [:]
                            var cursor: String?
                            var finalPass = false
                            while true {
                                let instance = instances[Int.random(in: 0..<instances.count, using: &random)]
                                let reply = try await instance.pull(token: token, cursor: cursor, limit: Int.random(in: 5...100, using: &random))
                                guard reply.status == 200 else { throw TestSetupError("pull failed: \(reply.status) \(reply.text)") }
                                let page = try reply.page()
                                for entity in page.entities { seen[entity.id, default: 0] += 1 }
                                cursor = page.cursor
                                if page.hasMore { continue }
                                // Caught up: done once a whole pass started after every pusher finished.
                                if finalPass { break }
                                finalPass = pushersDone.value == seekers.count
                            }
                            return .pulled(counselor, seen)
                        }
                    }
                    var outcome = Outcome()
                    for try await side in group {
                        switch side {
                        case .pushed(let accepted): outcome.accepted.formUnion(accepted)
                        case .pulled(let counselor, let seen): outcome.seen[counselor] = seen
                        }
                    }
                    return outcome
                }
            }

            #expect(outcome.accepted.count == perPusher * seekers.count, "every change was accepted")
            for counselor in counselors {
                let seen = try #require(outcome.seen[counselor])
                let missing = outcome.accepted.subtracting(seen.keys).count
                let twice = seen.values.filter { $0 > 1 }.count
                let unknown = Set(seen.keys).subtracting(outcome.accepted).count
                #expect(missing == 0, "\(counselor) never saw \(missing) of \(outcome.accepted.count) accepted changes (seed \(seed), \(backend))")
                #expect(twice == 0, "\(counselor) saw \(twice) changes more than once (seed \(seed), \(backend))")
                #expect(unknown == 0, "\(counselor) saw \(unknown) records nobody pushed")
            }
        }

        private final class Counter: Sendable {
            private let count = Mutex(0)
            func add() { count.withLock { $0 += 1 } }
            var value: Int { count.withLock { $0 } }
        }

        private enum Side: Sendable {
            case pushed(Set<UUID>)
            case pulled(String, [UUID: Int])
        }

        private struct Outcome: Sendable {
            var accepted: Set<UUID> = []
            var seen: [String: [UUID: Int]] = [:]
        }
    }
}
