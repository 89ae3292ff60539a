import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB
import SQLiteBinding

/// The part of a push that needs no write lock, done on a read snapshot before the push waits for
/// the writer: each change's own checks, and every record merged and encoded as the batch would
/// leave it.
///
/// SQLite has one writer, so what runs under it bounds how fast pushes go; merging and encoding
/// were a third of it. The write transaction keeps a prepared record only if nothing it depends on
/// moved — the record's `last_seq`, which every save bumps, and the exact list of changes accepted
/// — and otherwise merges that record again itself, so the result never depends on the snapshot.
struct PushPreparation: Sendable {
    /// Why each entry fails on its own (limits, clock), by entry index; `nil` when it passes.
    let rejections: [Rejection?]
    /// Each touched record as the batch would leave it if every change that passes its own checks
    /// and matches the record's type and owner is accepted, by lowercased record id.
    let records: [String: Record]

    struct Record: Sendable {
        /// The record's `last_seq` in the snapshot; `nil` when it did not exist yet.
        var snapshotSeq: Int64?
        /// The entries merged into it, in batch order.
        var applied: [Int]
        /// The merged state's wire form.
        var json: Data
    }

    /// Batches from this size are prepared on a snapshot; smaller ones only get their own checks.
    /// For a handful of changes the merging is a small part of the transaction, and the extra read
    /// transaction and key probes cost more than they save (callgrind on W4's 10-change pushes).
    static let minimumBatch = 32

    /// Only each change's own checks: the transaction merges every record itself.
    init(checking entries: [PushBatch.Entry], rules: PushRules) {
        rejections = Self.ownRejections(entries, rules: rules)
        records = [:]
    }

    init(_ entries: [PushBatch.Entry], rules: PushRules, db: Database) throws {
        rejections = Self.ownRejections(entries, rules: rules)
        var states: [String: (snapshotSeq: Int64?, state: EntityState, applied: [Int])] = [:]
        var probe = try BoundStatement("SELECT last_seq, state FROM entities WHERE id = ?", in: db)
        for (index, entry) in entries.enumerated() {
            guard case let .change(change) = entry, rejections[index] == nil else { continue }
            let id = change.entity.lowercased
            if states[id] == nil {
                var stored: (seq: Int64?, state: Data?) = (nil, nil)
                probe.bind(id)
                try probe.forEachRow { row in stored = (row.int64(0), row.blob(1)) }
                let initial = try stored.state.map(StoredRecord.decode) ?? EntityState(type: change.type, id: change.entity, owner: change.owner)
                states[id] = (stored.seq, initial, [])
            }
            do {
                try states[id]?.state.apply(change)
                states[id]?.applied.append(index)
            } catch {
                continue  // another type or owner: the transaction rejects it
            }
        }
        records = states.filter { !$0.value.applied.isEmpty }.mapValues { entry in
            Record(snapshotSeq: entry.snapshotSeq, applied: entry.applied, json: entry.state.jsonData)
        }
    }

    private static func ownRejections(_ entries: [PushBatch.Entry], rules: PushRules) -> [Rejection?] {
        entries.map { entry in
            guard case let .change(change) = entry else { return nil }
            return ownRejection(of: change, rules: rules)
        }
    }

    /// Why a well-formed change is refused whatever the database holds, or `nil`.
    static func ownRejection(of change: Change, rules: PushRules) -> Rejection? {
        do {
            try change.validate(rules.limits)
        } catch {
            return Rejection(code: Rejection.Code.invalid, message: error.reason, field: error.path.isEmpty ? nil : error.path)
        }
        let wall = UInt64(max(0, rules.now.timeIntervalSince1970 * 1000))
        do {
            try HybridLogicalClock.check(change.at, wallMillis: wall, maximumDriftMillis: rules.maxClockDriftMillis)
        } catch {
            return Rejection(code: Rejection.Code.clockAhead, message: error.description, field: "at")
        }
        return nil
    }
}

/// Reading a stored record's state, with an error an operator can act on.
enum StoredRecord {
    static func decode(_ data: Data) throws -> EntityState {
        do {
            return try EntityState.decode(json: data)
        } catch {
            throw APIError(.internalError, detail: "a stored record could not be read: \(error)")
        }
    }
}
