import FollowUpCoreFixtures
import FollowUpTestSupport
import Foundation
import Testing

@testable import FollowUpCore

@Suite("The part of a state that is new to a replica (property)")
struct DeltaPropertyTests {
    /// Random changes to one entity from three replicas, with stamps that often arrive out of
    /// order, enough of them that fields let old values go, and set additions and removals.
    static func changes(seed: UInt64, count: Int) -> [Change] {
        var generator = SeededGenerator(seed: seed)
        let replicas = [Fixture.laptop, Fixture.desktop, ReplicaID(rawValue: 0xc0)]
        var added: [(element: String, tag: Timestamp)] = []
        return (0..<count).map { index in
            let at = Fixture.at(UInt64.random(in: 1...200, using: &generator), replicas[Int.random(in: 0..<3, using: &generator)])
            var set: [String: FieldValue] = [:]
            for field in ["company", "notes", "status"] where Bool.random(using: &generator) { set[field] = .string("\(field) \(index)") }
            var add: [String: [String]] = [:]
            var remove: [String: [String: [Timestamp]]] = [:]
            if Int.random(in: 0..<3, using: &generator) == 0 {
                let element = ["ana", "ben", "cleo"][Int.random(in: 0..<3, using: &generator)]
                add["tags"] = [element]
                added.append((element, at))
            } else if let pick = added.randomElement(using: &generator), Bool.random(using: &generator) {
                remove["tags"] = [pick.element: [pick.tag]]
            }
            if set.isEmpty && add.isEmpty && remove.isEmpty { set["company"] = .string("company \(index)") }
            return Fixture.change(at.millis, at.replica, set: set, add: add, remove: remove)
        }
    }

    @Test(
        "a replica holding the changes up to any point reaches the full state by merging only the part made after it",
        arguments: [1, 7, 99, 2_024, 31_337, 424_242] as [UInt64]
    )
    func mergingTheNewPartGivesTheWholeState(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed &* 7)
        let changes = Self.changes(seed: seed, count: 160)
        var whole = EntityState(creating: changes[0])
        for change in changes.dropFirst() { try whole.apply(change) }
        #expect(whole.registers.values.contains { $0.forgotten != nil }, "the run lets old values go (seed \(seed))")
        for _ in 0..<20 {
            let cut = Int.random(in: 1..<changes.count, using: &generator)
            var held = EntityState(creating: changes[0])
            for change in changes[1..<cut] { try held.apply(change) }
            let newStamps = Set(changes[cut...].map(\.at))
            if let delta = whole.restricted(to: newStamps) {
                #expect(delta.stamps.isSubset(of: whole.stamps))
                try held.merge(delta)
            }
            for (field, register) in whole.registers where held.registers[field] != register {
                let mine = held.registers[field]
                Issue.record(
                    "seed \(seed), cut \(cut), \(field): held \(mine?.writes.count ?? 0) writes, forgotten \(String(describing: mine?.forgotten)), first \(String(describing: mine?.writes.first?.at)); whole \(register.writes.count), forgotten \(String(describing: register.forgotten)), first \(String(describing: register.writes.first?.at))"
                )
            }
            #expect(held.sets == whole.sets, "seed \(seed), cut \(cut)")
        }
    }

    @Test("the part made by no stamp the state holds is nothing; by all of them, the whole state")
    func extremes() throws {
        let changes = Self.changes(seed: 5, count: 40)
        var whole = EntityState(creating: changes[0])
        for change in changes.dropFirst() { try whole.apply(change) }
        #expect(whole.restricted(to: [Fixture.at(999_999)]) == nil)
        #expect(whole.restricted(to: whole.stamps) == whole)
    }
}
