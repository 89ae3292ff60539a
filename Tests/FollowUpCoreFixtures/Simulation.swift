import FollowUpCore
import FollowUpTestSupport
import Foundation

/// One random schedule of replicas editing and exchanging changes.
public struct Simulation {
    /// A type no release knows, as a newer client could write (valid, so the unwrap cannot fail).
    static let futureKind = EntityType(rawValue: "future-kind")!

    public struct Replica {
        var clock: HybridLogicalClock
        public var store = EntityStore()
        /// Every change this replica has seen, its own included, in arrival order.
        var seen: [Change] = []
        var wallOffset: Int64
    }

    var generator: SeededGenerator
    public var replicas: [Replica]
    var wall: UInt64 = 1_800_000_000_000
    let entities: [(UUID, EntityType)]
    let owner = Fixture.seeker
    static let fields = ["company", "position", "date", "notes"]
    static let elements = ["ana", "ben", "cleo", "dev"]

    public init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
        let replicaCount = Int.random(in: 3...5, using: &generator)
        var replicas: [Replica] = []
        for index in 0..<replicaCount {
            let offset = Int64.random(in: -2_000...2_000, using: &generator)
            // Distinct small replica ids so that timestamp ties between replicas are frequent.
            replicas.append(Replica(clock: HybridLogicalClock(replica: ReplicaID(rawValue: UInt64(index + 1))), wallOffset: offset))
        }
        self.replicas = replicas
        var entities: [(UUID, EntityType)] = []
        for index in 0..<Int.random(in: 1...3, using: &generator) {
            entities.append((UUID.random(using: &generator), index == 0 ? .interview : (index == 1 ? .note : Self.futureKind)))
        }
        self.entities = entities
    }

    public var allChanges: [Change] {
        var unique: [UUID: Change] = [:]
        for replica in replicas { for change in replica.seen { unique[change.id] = change } }
        return unique.values.sorted { $0.id.uuidString < $1.id.uuidString }
    }

    public mutating func run() throws {
        let steps = Int.random(in: 5...40, using: &generator)
        for _ in 0..<steps {
            // Time moves mostly forward, in small steps that often collide on the same millisecond.
            wall = UInt64(Int64(wall) + Int64.random(in: -3...20, using: &generator))
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6: try edit(replica: Int.random(in: 0..<replicas.count, using: &generator))
            case 6..<8: try deliverChanges()
            default: try deliverStates()
            }
        }
        // Everyone gets everything, shuffled, with duplicates.
        let everything = allChanges
        for index in replicas.indices {
            var batch = everything + everything.filter { _ in Bool.random(using: &generator) }
            batch.shuffle(using: &generator)
            for change in batch { try receive(change, at: index) }
        }
    }

    mutating func edit(replica index: Int) throws {
        let (entity, type) = entities[Int.random(in: 0..<entities.count, using: &generator)]
        let state = replicas[index].store[entity] ?? EntityState(type: type, id: entity, owner: owner)
        var edit = Edit()
        for field in Self.fields where Int.random(in: 0..<3, using: &generator) == 0 {
            edit.set[field] = .string("\(field)-\(Int.random(in: 0..<5, using: &generator))")
        }
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: edit.set[EntityState.deletedField] = true
        case 1: edit.set[EntityState.deletedField] = false
        default: break
        }
        for element in Self.elements {
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: edit.add["interviewers", default: []].insert(element)
            case 1: edit.remove["interviewers", default: []].insert(element)
            default: break
            }
        }
        let wallNow = UInt64(Int64(wall) + replicas[index].wallOffset)
        let at = replicas[index].clock.tick(wallMillis: wallNow)
        let change = Change(id: UUID.random(using: &generator), editing: state, at: at, edit: edit)
        guard change.operationCount > 0 else { return }
        try replicas[index].store.apply(change)
        replicas[index].seen.append(change)
    }

    mutating func receive(_ change: Change, at index: Int) throws {
        let wallNow = UInt64(Int64(wall) + replicas[index].wallOffset)
        // Simulated clocks stay within a few seconds of each other, far inside the drift limit.
        try replicas[index].clock.receive(change.at, wallMillis: wallNow)
        try replicas[index].store.apply(change)
        replicas[index].seen.append(change)
    }

    /// Some replica sends a random subset of what it has seen (with repeats, shuffled) to another.
    mutating func deliverChanges() throws {
        let from = Int.random(in: 0..<replicas.count, using: &generator)
        let to = Int.random(in: 0..<replicas.count, using: &generator)
        var batch = replicas[from].seen.filter { _ in Int.random(in: 0..<3, using: &generator) > 0 }
        batch += batch.filter { _ in Bool.random(using: &generator) }
        batch.shuffle(using: &generator)
        for change in batch { try receive(change, at: to) }
    }

    /// Some replica sends whole entity states to another: the same knowledge, grouped differently.
    mutating func deliverStates() throws {
        let from = Int.random(in: 0..<replicas.count, using: &generator)
        let to = Int.random(in: 0..<replicas.count, using: &generator)
        for state in replicas[from].store.entities.values where Bool.random(using: &generator) {
            try replicas[to].store.merge(state)
            // Knowing the state means knowing the changes behind it; record them so the final
            // exchange and the loss check account for them.
            let known = Set(replicas[to].seen.map(\.id))
            for change in replicas[from].seen where change.entity == state.id && !known.contains(change.id) {
                replicas[to].seen.append(change)
            }
        }
    }

    /// Every property the final stores must have; empty when all hold.
    public func check() -> [String] {
        var failures: [String] = []
        let reference = replicas[0].store
        for (index, replica) in replicas.enumerated().dropFirst() where replica.store != reference {
            failures.append("replica \(index) differs from replica 0")
        }
        for change in allChanges {
            guard let state = reference[change.entity] else {
                failures.append("entity \(change.entity) missing")
                continue
            }
            for (field, value) in change.set {
                let write = FieldWrite(value: value, at: change.at, base: change.base[field])
                if state.registers[field]?.writes.contains(write) != true {
                    failures.append("write \(field)=\(value) at \(change.at) lost")
                }
            }
        }
        // Each register's current value is its greatest write.
        for state in reference.entities.values {
            for (field, register) in state.registers where register.writes.contains(where: { $0.at > register.current.at }) {
                failures.append("\(field) does not hold its latest write")
            }
        }
        // An element is present exactly when some addition of it was never removed.
        for state in reference.entities.values {
            let changes = allChanges.filter { $0.entity == state.id }
            for element in Self.elements {
                let added = Set(changes.filter { $0.add["interviewers"]?.contains(element) == true }.map(\.at))
                let removed = Set(changes.flatMap { $0.remove["interviewers"]?[element] ?? [] })
                let expected = !added.subtracting(removed).isEmpty
                if state.sets["interviewers"]?.contains(element) ?? false != expected {
                    failures.append("element \(element) present should be \(expected)")
                }
            }
        }
        return failures
    }
}
