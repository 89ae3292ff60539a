import FollowUpCoreFixtures
import FollowUpTestSupport
import Foundation
import Testing

@testable import FollowUpCore

/// The central promise of the core: replicas that have seen the same changes hold the same state
/// and the same history, whatever the order, repetition or grouping in which changes arrived, and
/// no write is ever lost.
///
/// Each schedule runs 3 to 5 replicas with skewed, sometimes backwards wall clocks. They make random
/// edits, deletions, restorations, set additions and removals, and exchange changes (raw, in random
/// order, with duplicates) or whole entity states (regrouped) in between. At the end everyone gets
/// everything, again shuffled and duplicated. A failure prints its seed; replay it with
/// `FOLLOWUP_SEED=<seed> FOLLOWUP_SCHEDULES=1 swift test --filter ConvergencePropertyTests`.
@Suite("Convergence (property)", .timeLimit(.minutes(3)))
struct ConvergencePropertyTests {
    static let schedules = PropertySeed.count(standard: 1_200)

    @Test("random schedules converge to identical state and history everywhere")
    func convergence() throws {
        for index in 0..<Self.schedules {
            let seed = PropertySeed.base &+ UInt64(index)
            var simulation = Simulation(seed: seed)
            try simulation.run()
            let failures = simulation.check()
            #expect(failures.isEmpty, "schedule seed \(seed): \(failures.joined(separator: "; "))")
            if !failures.isEmpty { return }
        }
    }

    @Test("applying the same changes in two random orders, with repeats, gives equal stores")
    func commutativeAndIdempotent() throws {
        for index in 0..<Self.schedules {
            let seed = PropertySeed.base &+ 1_000_000 &+ UInt64(index)
            var generator = SeededGenerator(seed: seed)
            var simulation = Simulation(seed: seed)
            try simulation.run()
            let changes = simulation.allChanges
            var first = EntityStore()
            var second = EntityStore()
            for change in changes.shuffled(using: &generator) { try first.apply(change) }
            let repeated = changes + changes.filter { _ in Bool.random(using: &generator) }
            for change in repeated.shuffled(using: &generator) { try second.apply(change) }
            let converged = first == second
            #expect(converged, "schedule seed \(seed)")
            if !converged { return }
        }
    }

    @Test("every state can be rebuilt from changes, which apply in any order")
    func rebuildFromChanges() throws {
        for index in 0..<Self.schedules / 4 {
            let seed = PropertySeed.base &+ 2_000_000 &+ UInt64(index)
            var generator = SeededGenerator(seed: seed)
            var simulation = Simulation(seed: seed)
            try simulation.run()
            for state in simulation.replicas[0].store.entities.values {
                let changes = state.rebuildingChanges()
                #expect(changes.allSatisfy { (try? $0.validate()) != nil }, "schedule seed \(seed)")
                var rebuilt = EntityState(type: state.type, id: state.id, owner: state.owner)
                for change in changes.shuffled(using: &generator) { try rebuilt.apply(change) }
                let same = rebuilt == state
                #expect(same, "schedule seed \(seed)")
                if !same { return }
                #expect(state.rebuildingChanges().map(\.id) == changes.map(\.id), "ids are stable")
            }
        }
    }
}
