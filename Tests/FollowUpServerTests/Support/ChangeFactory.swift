import FollowUpCore
import Foundation

/// Makes changes the way a client replica would: each with its own replica clock.
struct ChangeFactory {
    var clock: HybridLogicalClock
    let wall: @Sendable () -> UInt64

    init(replica: UInt64 = UInt64.random(in: 1...UInt64.max), wall: @escaping @Sendable () -> UInt64) {
        clock = HybridLogicalClock(replica: ReplicaID(rawValue: replica))
        self.wall = wall
    }

    mutating func interview(owner: UUID, entity: UUID = UUID(), company: String = "Acme", fields: [String: FieldValue] = [:]) -> Change {
        var set = fields
        set["company"] = .string(company)
        return Change(id: UUID(), type: .interview, entity: entity, owner: owner, at: clock.tick(wallMillis: wall()), set: set)
    }

    mutating func edit(_ type: EntityType = .interview, entity: UUID, owner: UUID, set: [String: FieldValue]) -> Change {
        Change(id: UUID(), type: type, entity: entity, owner: owner, at: clock.tick(wallMillis: wall()), set: set)
    }
}
