import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB
import SQLiteBinding

/// What a push needs to know besides the changes.
struct PushRules: Sendable {
    var identity: Identity
    var now: Date
    var maxClockDriftMillis: UInt64
    var limits: ChangeLimits
}

extension ServerDatabase {
    /// Merges a batch of changes in one transaction and answers each one.
    ///
    /// A change id has one fate, decided the first time it is seen and answered the same way on
    /// every retry. A rejected change is recorded and skipped; it never blocks the rest of the batch.
    /// Returns the results and whether anything new was accepted.
    ///
    /// The merging is prepared on a read snapshot first (``PushPreparation``), while other pushes
    /// hold the writer; the write transaction decides every fate and keeps what is still valid.
    func push(_ entries: [PushBatch.Entry], rules: PushRules) async throws -> (results: [PushResult], acceptedNew: Bool) {
        let preparation =
            entries.count >= PushPreparation.minimumBatch
            ? try await pool.read { db in try PushPreparation(entries, rules: rules, db: db) }
            : PushPreparation(checking: entries, rules: rules)
        return try await pool.write { db in
            try PushTransaction(db: db, rules: rules, preparation: preparation).run(entries)
        }
    }
}

/// One push, inside its write transaction.
private struct PushTransaction {
    let db: Database
    let rules: PushRules
    let preparation: PushPreparation

    /// A record this push accepted changes for: who it belongs to, which entries, its new `last_seq`.
    private struct Touched {
        var identity: RecordIdentity
        var accepted: [Int] = []
        var seq: Int64 = 0
    }

    func run(_ entries: [PushBatch.Entry]) throws -> (results: [PushResult], acceptedNew: Bool) {
        let ids = entries.map { entry -> UUID in
            switch entry {
            case let .change(change): change.id
            case let .malformed(id, _): id
            }
        }
        var fates = try priorFates(ids)
        let writable = try writableOwners()
        let stored = try storedIdentities(entries)
        var touched: [String: Touched] = [:]
        var replicas: Set<ReplicaID> = []
        var seq = try db.currentSequence()
        let firstSeq = seq
        var logged: [PushResult] = []
        var results: [PushResult] = []
        results.reserveCapacity(entries.count)

        for (index, entry) in entries.enumerated() {
            let id = ids[index]
            if let fate = fates[id] {
                results.append(fate.status == .accepted ? .accepted(fate.id, seq: fate.seq ?? 0, duplicate: true) : fate)
                continue
            }
            let result: PushResult
            switch entry {
            case let .malformed(changeID, error):
                result = .rejected(changeID, Rejection(code: Rejection.Code.invalid, message: error.reason, field: error.path))
            case let .change(change):
                let entityID = change.entity.lowercased
                let identity = touched[entityID]?.identity ?? stored[entityID]?.identity ?? RecordIdentity(of: change)
                if let rejection = preparation.rejections[index] ?? Self.forbidden(change, writable: writable) ?? identity.rejection(of: change) {
                    result = .rejected(change.id, rejection)
                } else {
                    seq += 1
                    touched[entityID, default: Touched(identity: identity)].accepted.append(index)
                    touched[entityID]?.seq = seq
                    replicas.insert(change.at.replica)
                    result = .accepted(change.id, seq: seq)
                }
            }
            fates[id] = result
            logged.append(result)
            results.append(result)
        }

        try record(logged)
        try save(touched, stored: stored, entries: entries)
        seq = try registerReplicas(replicas, after: seq)
        if seq > firstSeq {
            try db.cachedStatement(sql: "UPDATE sequence SET value = ? WHERE id = 1").execute(arguments: [seq])
        }
        return (results, seq > firstSeq)
    }

    /// A refusal when the account may not write this seeker's records.
    private static func forbidden(_ change: Change, writable: Set<String>) -> Rejection? {
        guard !writable.contains(change.owner.lowercased) else { return nil }
        return Rejection(
            code: Rejection.Code.forbidden,
            message: "you may not write records of seeker \(change.owner.lowercased): they are not yours or not in your caseload")
    }

    /// The answers already given to any of these change ids (a retried batch), by id.
    ///
    /// One probe of the change log's key per id, through one prepared statement: cheaper than
    /// handing SQLite the whole list as JSON to parse (a batch is up to a thousand ids).
    private func priorFates(_ ids: [UUID]) throws -> [UUID: PushResult] {
        var fates: [UUID: PushResult] = [:]
        var probe = try BoundStatement("SELECT seq, code, message, field FROM change_fates WHERE change_id = ?", in: db)
        for id in ids {
            probe.bind(id)
            try probe.forEachRow { row in
                if let seq = row.int64(0) {
                    fates[id] = .accepted(id, seq: seq)
                } else {
                    fates[id] = .rejected(
                        id, Rejection(code: row.text(1) ?? Rejection.Code.invalid, message: row.text(2) ?? "", field: row.text(3)))
                }
            }
        }
        return fates
    }

    private func writableOwners() throws -> Set<String> {
        Set(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL"),
                arguments: [rules.identity.account.id.lowercased]))
    }

    /// The stored records these changes touch — sequence number, owner and type — by id (one key
    /// probe each, as above; the state itself is read only when a prepared merge cannot be kept).
    private func storedIdentities(_ entries: [PushBatch.Entry]) throws -> [String: (seq: Int64, identity: RecordIdentity)] {
        var found: [String: (seq: Int64, identity: RecordIdentity)] = [:]
        var probe = try BoundStatement("SELECT last_seq, owner_id, type FROM entities WHERE id = ?", in: db)
        for entry in entries {
            guard case let .change(change) = entry else { continue }
            let id = change.entity.lowercased
            guard found[id] == nil else { continue }
            probe.bind(id)
            try probe.forEachRow { row in
                found[id] = (row.int64(0) ?? 0, RecordIdentity(type: row.text(2) ?? "", owner: row.text(1) ?? ""))
            }
        }
        return found
    }

    private func record(_ logged: [PushResult]) throws {
        var statement = try BoundStatement("INSERT INTO change_fates (change_id, seq, code, message, field) VALUES (?, ?, ?, ?, ?)", in: db)
        for result in logged {
            statement.bind(result.id)
            statement.bind(result.seq)
            statement.bind(result.rejection?.code)
            statement.bind(result.rejection?.message)
            statement.bind(result.rejection?.field)
            try statement.execute()
        }
    }

    /// Stores each touched record: as prepared when its snapshot and its accepted changes are the
    /// ones this transaction saw, otherwise merged again from the stored state.
    private func save(_ touched: [String: Touched], stored: [String: (seq: Int64, identity: RecordIdentity)], entries: [PushBatch.Entry]) throws {
        var statement = try BoundStatement(
            """
            INSERT INTO entities (id, owner_id, type, last_seq, state) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state
            """, in: db)
        for (id, record) in touched {
            let json: Data
            if let prepared = preparation.records[id], prepared.snapshotSeq == stored[id]?.seq, prepared.applied == record.accepted {
                json = prepared.json
            } else {
                json = try merge(id, accepted: record.accepted, isStored: stored[id] != nil, entries: entries).jsonData
            }
            statement.bind(id)
            statement.bind(record.identity.owner)
            statement.bind(record.identity.type)
            statement.bind(record.seq)
            statement.bind(json)
            try statement.execute()
        }
    }

    /// The record's stored state (or a new one) with the accepted entries merged in order.
    private func merge(_ id: String, accepted: [Int], isStored: Bool, entries: [PushBatch.Entry]) throws -> EntityState {
        let changes = accepted.compactMap { index -> Change? in
            if case let .change(change) = entries[index] { return change }
            return nil
        }
        guard let first = changes.first else { throw APIError(.internalError, detail: "a record was saved without a change") }
        var state = EntityState(type: first.type, id: first.entity, owner: first.owner)
        if isStored {
            var probe = try BoundStatement("SELECT state FROM entities WHERE id = ?", in: db)
            probe.bind(id)
            var data: Data?
            try probe.forEachRow { row in data = row.blob(0) }
            if let data { state = try StoredRecord.decode(data) }
        }
        for change in changes {
            do {
                try state.apply(change)
            } catch {
                throw APIError(.internalError, detail: "record \(id) could not take a change its type and owner allow: \(error)")
            }
        }
        return state
    }

    /// Records which account and device new replica ids belong to; each new one takes a sequence number.
    private func registerReplicas(_ replicas: Set<ReplicaID>, after seq: Int64) throws -> Int64 {
        guard !replicas.isEmpty else { return seq }
        let texts = replicas.map(\.description)
        let known = Set(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT replica FROM replicas WHERE replica IN (SELECT value FROM json_each(?))"), arguments: [jsonList(texts)]))
        var next = seq
        for replica in texts.sorted() where !known.contains(replica) {
            next += 1
            try db.cachedStatement(sql: "INSERT INTO replicas (replica, account_id, device, seq, first_seen) VALUES (?, ?, ?, ?, ?)").execute(
                arguments: [replica, rules.identity.account.id.lowercased, rules.identity.device, next, rules.now.timeIntervalSince1970])
        }
        return next
    }
}

/// Which type and owner a record has: fixed when it is created, so a change that disagrees is not
/// a conflict but another record claiming its id.
private struct RecordIdentity {
    var type: String
    var owner: String

    init(type: String, owner: String) {
        self.type = type
        self.owner = owner
    }

    /// The identity a change would give a new record.
    init(of change: Change) {
        self.init(type: change.type.rawValue, owner: change.owner.lowercased)
    }

    /// Why `change` cannot apply to this record (checked as `EntityState` does: type, then owner).
    func rejection(of change: Change) -> Rejection? {
        if change.type.rawValue != type {
            return Rejection(
                code: Rejection.Code.typeMismatch,
                message: "record \(change.entity.lowercased) is a \(type), not a \(change.type); a record's type is fixed")
        }
        if change.owner.lowercased != owner {
            return Rejection(code: Rejection.Code.forbidden, message: "you may not write record \(change.entity.lowercased)")
        }
        return nil
    }
}
