import FollowUpCore
public import FollowUpProtocol
import FollowUpWire
import Foundation
import GRDB
import SQLiteBinding

/// The replica's side of sync: handing out queued changes, recording the server's answers, and
/// merging pulled pages, each step in one transaction so an interrupted sync resumes cleanly.
extension Replica {
    /// The oldest queued changes after position `after` in the queue, at most `limit` of them and
    /// about `maxBytes` of JSON.
    public func queuedChanges(after: Int64 = 0, limit: Int, maxBytes: Int) throws -> [QueuedChange] {
        try read { db in try Self.queuedChanges(after: after, limit: limit, maxBytes: maxBytes, in: db) }
    }

    /// The queue's length and its first changes, read together: what a push asks first.
    public func queueHead(limit: Int, maxBytes: Int) throws -> (count: Int, first: [QueuedChange]) {
        try read { db in
            (try Self.queuedCount(in: db), try Self.queuedChanges(after: 0, limit: limit, maxBytes: maxBytes, in: db))
        }
    }

    public func queuedCount() throws -> Int {
        try read { db in try Self.queuedCount(in: db) }
    }

    private static func queuedCount(in db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM outbox")) ?? 0
    }

    private static func queuedChanges(after: Int64, limit: Int, maxBytes: Int, in db: Database) throws -> [QueuedChange] {
        var changes: [QueuedChange] = []
        var bytes = 0
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT seq, change_id, entity_id, change FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?"),
            arguments: [after, limit]
        )
        while let row = try rows.next() {
            let data: Data = row[3]
            if !changes.isEmpty && bytes + data.count > maxBytes { break }
            bytes += data.count
            guard let id = UUID(text: row[1] as String), let entity = UUID(text: row[2] as String) else {
                throw ClientError.storage("a queued change has a malformed id")
            }
            changes.append(QueuedChange(seq: row[0], id: id, entity: entity, json: data))
        }
        return changes
    }

    /// Records the server's answers: accepted changes leave the queue; rejected ones are set aside
    /// with the reason, so they are reported and never block the rest.
    public func acknowledge(_ results: [PushResult], for changes: [QueuedChange]) throws {
        let byID = Dictionary(changes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let stamp = now().formatted(.iso8601)
        try storage {
            try queue.write { db in
                var answered: [Int64] = []
                answered.reserveCapacity(results.count)
                for result in results {
                    guard let change = byID[result.id] else { continue }  // not one this batch sent: nothing to dequeue
                    answered.append(change.seq)
                    if result.status == .rejected {
                        try db.execute(
                            sql: """
                                INSERT OR REPLACE INTO rejected (change_id, entity_id, change, code, message, field, rejected_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [
                                result.id.lowercased, change.entity.lowercased, change.json, result.rejection?.code ?? "rejected",
                                result.rejection?.message ?? "", result.rejection?.field, stamp,
                            ]
                        )
                    }
                }
                // By runs of consecutive positions, one statement each: a batch's changes were queued
                // one after another, so a batch of a thousand is usually one run.
                var dequeue = try BoundStatement("DELETE FROM outbox WHERE seq BETWEEN ? AND ?", in: db)
                answered.sort()
                var index = answered.startIndex
                while index < answered.endIndex {
                    var end = index
                    while end + 1 < answered.endIndex, answered[end + 1] <= answered[end] + 1 { end += 1 }
                    dequeue.bind(answered[index])
                    dequeue.bind(answered[end])
                    try dequeue.execute()
                    index = end + 1
                }
            }
        }
    }

    public func cursor() throws -> String? {
        try read { db in try Meta.get(.cursor, db) }
    }

    /// Forgets the cursor, so the next pull starts from the beginning (a stale or foreign cursor).
    public func resetCursor() throws {
        try storage { try queue.write { db in try Meta.set(.cursor, nil, db) } }
    }

    /// Merges one pulled page and stores its cursor, all in one transaction. Returns how many
    /// records changed here and how many values a concurrent edit replaced.
    ///
    /// `finishingSync` makes the page the end of a sync: the same transaction records when the sync
    /// ended and its conflicts (those of earlier pages plus this one's), which `status` shows.
    @discardableResult
    public func apply(_ page: PullResponse, finishingSync earlierConflicts: Int? = nil) throws -> (updated: Int, conflicts: Int) {
        try apply(page, rows: nil, finishingSync: earlierConflicts)
    }

    /// Merges a page whose listing rows were worked out beforehand, away from this transaction.
    func apply(_ prepared: PreparedPage, finishingSync earlierConflicts: Int? = nil) throws -> (updated: Int, conflicts: Int) {
        try apply(prepared.page, rows: prepared.rows, finishingSync: earlierConflicts)
    }

    private func apply(_ page: PullResponse, rows: [ProjectionRow]?, finishingSync earlierConflicts: Int?) throws -> (updated: Int, conflicts: Int) {
        let stamp = now().formatted(.iso8601)
        let wall = Self.millis(now())
        return try storage {
            try queue.write { db in
                var clock = HybridLogicalClock(replica: replicaID, last: try Meta.get(.clock, db).flatMap { Timestamp($0) })
                var updated = 0
                var conflicts = 0
                let received = page.receivedEntities.count == page.entities.count ? page.receivedEntities : []
                var held = try ReplicaStore.states(of: page.entities.map(\.id), in: db)
                var projection = Projection(db)
                let updateIDs = page.updates.map(\.id)
                for (id, state) in try ReplicaStore.states(of: updateIDs.filter { held[$0] == nil }, in: db) { held[id] = state }
                if let missing = updateIDs.first(where: { held[$0] == nil }) { throw ReplicaBehindCursor(record: missing) }
                let incomingStates = page.entities + page.updates
                for (index, incoming) in incomingStates.enumerated() {
                    var merged = incoming
                    var encoded = received.isEmpty || index >= received.count ? nil : received[index]
                    let local = held[incoming.id]
                    if let local {
                        encoded = nil
                        merged = local
                        do {
                            try merged.merge(incoming)
                        } catch {
                            // A record claiming another's id or type: the page is refused whole, so
                            // that nothing is skipped for good behind an advanced cursor.
                            throw ClientError.incompatibleServer(
                                "the server sent record \(incoming.id.lowercased) in a form that does not merge with the copy here (\(error)); nothing from that page was applied"
                            )
                        }
                        if merged == local { continue }
                        conflicts += try Self.recordConflicts(local: local, merged: merged, noticed: stamp, in: db)
                    }
                    // A record the replica did not have is the incoming state itself, whose rows the
                    // decoding thread has worked out already.
                    let row = local == nil && index < page.entities.count ? rows.flatMap { $0.indices.contains(index) ? $0[index] : nil } : nil
                    try projection.save(row ?? ProjectionRow(merged), encoded: encoded ?? merged.jsonData, isNew: local == nil)
                    held[incoming.id] = merged  // a page may hold the same record twice
                    if let last = merged.lastChanged { try? clock.receive(last, wallMillis: wall) }
                    updated += 1
                }
                for owner in page.removedOwners { try Projection.removeOwner(owner, in: db) }
                // Pages without a directory leave it as it is; one with a directory brings all of it.
                try PeopleDirectory.save(people: page.people, replicas: page.replicas, replacing: !page.people.isEmpty, in: db)
                try Meta.set(.clock, clock.last.description, db)
                try Meta.set(.cursor, page.cursor, db)
                if let earlierConflicts {
                    try Meta.set(.lastSyncAt, stamp, db)
                    try Meta.set(.lastSyncConflicts, String(earlierConflicts + conflicts), db)
                }
                return (updated, conflicts)
            }
        }
    }

    /// Notes the values of `local` that the merge replaced by a concurrent edit.
    private static func recordConflicts(local: EntityState, merged: EntityState, noticed: String, in db: Database) throws -> Int {
        var count = 0
        for (field, register) in merged.registers where register != local.registers[field] {  // an untouched field replaced nothing
            let before = Set(local.registers[field]?.writes ?? [])
            let candidates = register.writes.filter { !before.contains($0) } + (local.registers[field].map { [$0.current] } ?? [])
            for write in candidates where write != register.current && register.replacedConcurrently(write) {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO conflicts (entity_id, field, lost_at, lost_value, winner_at, winner_value, noticed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        merged.id.lowercased, field, write.at.description, display(write.value), register.current.at.description,
                        display(register.current.value), noticed,
                    ]
                )
                count += db.changesCount
            }
        }
        return count
    }
}
