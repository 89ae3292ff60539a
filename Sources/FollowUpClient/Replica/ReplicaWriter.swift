public import FollowUpCore
import FollowUpWire
public import Foundation
import GRDB

/// Makes local edits inside one replica transaction: each edit becomes a change stamped by this
/// replica's clock, merged into the record, projected, and queued for the server.
public struct ReplicaWriter {
    let db: Database
    var clock: HybridLogicalClock
    let wallMillis: UInt64
    let limits: ChangeLimits

    init(db: Database, replica: ReplicaID, wallMillis: UInt64, limits: ChangeLimits) throws {
        self.db = db
        let last = try Meta.get(.clock, db).flatMap { Timestamp($0) }
        self.clock = HybridLogicalClock(replica: replica, last: last)
        self.wallMillis = wallMillis
        self.limits = limits
    }

    /// The current state of a record, if this replica has it.
    public func state(of id: UUID) throws -> EntityState? {
        try ReplicaStore.state(of: id, in: db)
    }

    /// Applies `edit` to record `id`, creating it (owned by `owner`) if it does not exist.
    /// Returns the new state; an edit that changes nothing queues nothing.
    @discardableResult
    public mutating func write(_ type: EntityType, id: UUID, owner: UUID? = nil, edit: Edit) throws -> EntityState {
        let existing = try state(of: id)
        if let existing, existing.type != type {
            throw ClientError.invalidInput(
                "\(id.lowercased) is \(existing.type.rawValue.withIndefiniteArticle), not \(type.rawValue.withIndefiniteArticle)"
            )
        }
        guard let base = existing ?? owner.map({ EntityState(type: type, id: id, owner: $0) }) else {
            throw ClientError.invalidInput("a new \(type) needs an owner")
        }
        let at = clock.tick(wallMillis: wallMillis)
        var random = SystemRandomNumberGenerator()
        let change = Change(id: UUID.timeOrdered(at: at, using: &random), editing: base, at: at, edit: edit)
        guard change.operationCount > 0 else { return base }
        do {
            try change.validate(limits)
            try change.validateFields()
        } catch {
            let field = error.path.hasPrefix("set.") ? String(error.path.dropFirst(4)) : error.path
            throw ClientError.invalidInput("\(field.isEmpty ? "" : "\(field): ")\(error.reason)")
        }
        var state = base
        try state.apply(change)
        var projection = Projection(db)
        try projection.save(state, encoded: state.jsonData, isNew: existing == nil)
        try db.cachedStatement(sql: "INSERT INTO outbox (change_id, entity_id, change) VALUES (?, ?, ?)")
            .execute(arguments: [change.id.lowercased, id.lowercased, change.jsonData])
        return state
    }

    /// Persists the clock; called once at the end of the transaction.
    func finish() throws {
        try Meta.set(.clock, clock.last.description, db)
    }
}
