import FollowUpCoreFixtures
import FollowUpTestSupport
import Foundation
import Testing

@testable import FollowUpCore

/// A follow-up's status, `doneAt`, outcome and reason merge as one: whatever concurrent "done",
/// "attempted", "skipped" and "reopened" changes several devices make, and in whatever order and
/// grouping they arrive, every replica ends with the four values of one and the same change.
/// A failure prints its seed; replay it with `FOLLOWUP_SEED=<seed> FOLLOWUP_SCHEDULES=1`.
@Suite("A follow-up's state merges whole (property)")
struct FollowUpStatePropertyTests {
    static let schedules = PropertySeed.count(standard: 600)

    /// The state an action writes, as the CLI and the web page write it.
    static func randomState(_ generator: inout SeededGenerator, at millis: UInt64) -> FollowUpState {
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: FollowUpState(.done, doneAt: "instant-\(millis)", outcome: Bool.random(using: &generator) ? "reached them \(millis)" : nil)
        case 1: FollowUpState(.attempted, outcome: "voicemail \(millis)")
        case 2: FollowUpState(.skipped, reason: "filled \(millis)")
        case 3: FollowUpState(.planned)
        default: FollowUpState(.drafted)
        }
    }

    @Test("concurrent changes of state leave every replica with one change's four values")
    func stateMergesWhole() throws {
        for index in 0..<Self.schedules {
            let seed = PropertySeed.base &+ 7_000_000 &+ UInt64(index)
            var generator = SeededGenerator(seed: seed)
            let id = UUID()
            let replicas = (1...Int.random(in: 2...4, using: &generator)).map { ReplicaID(rawValue: UInt64($0)) }
            var clocks = replicas.map { HybridLogicalClock(replica: $0) }
            var stores = replicas.map { _ in EntityState(type: .followUp, id: id, owner: Fixture.seeker) }
            var written: [Timestamp: FollowUpState] = [:]
            var changes: [Change] = []
            for _ in 0..<Int.random(in: 2...12, using: &generator) {
                let writer = Int.random(in: 0..<replicas.count, using: &generator)
                // Skewed walls: a device may run minutes ahead of the others.
                let wall = UInt64(1_800_000_000_000 + Int.random(in: 0...180_000, using: &generator))
                let at = clocks[writer].tick(wallMillis: wall)
                let state = Self.randomState(&generator, at: at.millis)
                var edit = Edit()
                edit.set(state)
                let change = Change(id: UUID(), editing: stores[writer], at: at, edit: edit)
                try stores[writer].apply(change)
                written[at] = state
                changes.append(change)
                // Sometimes a device hears of some of the others' changes before its next edit.
                if Bool.random(using: &generator) {
                    let listener = Int.random(in: 0..<replicas.count, using: &generator)
                    for heard in changes.shuffled(using: &generator).prefix(Int.random(in: 0...changes.count, using: &generator)) {
                        try stores[listener].apply(heard)
                        try? clocks[listener].receive(heard.at, wallMillis: wall)
                    }
                }
            }
            for index in stores.indices {
                for change in (changes + changes.prefix(3)).shuffled(using: &generator) { try stores[index].apply(change) }
            }
            #expect(Set(stores).count == 1, "seed \(seed): replicas differ")
            let final = try #require(stores.first)
            let stamps = Set(FollowUpState.fields.compactMap { final.registers[$0]?.current.at })
            #expect(stamps.count == 1, "seed \(seed): the four fields come from \(stamps.count) changes")
            let winner = try #require(stamps.first.flatMap { written[$0] })
            let shown = FollowUp(final)
            #expect(
                shown?.status == winner.status && shown?.doneAt == winner.doneAt && shown?.outcome == winner.outcome
                    && shown?.reason == winner.reason,
                "seed \(seed): \(String(describing: shown)) is not the state one change wrote (\(winner))"
            )
        }
    }
}
