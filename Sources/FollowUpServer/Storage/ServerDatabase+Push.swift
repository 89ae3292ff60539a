import FollowUpCore
import FollowUpProtocol
import FollowUpWire
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
    func push(_ entries: [PushBatch.Entry], rules: PushRules) async throws -> (results: [PushResult], acceptedNew: Bool) {
        try await pool.write { db in
            try PushTransaction(db: db, rules: rules).run(entries)
        }
    }
}

/// The first answer given to a change id, and the digest of the change it answered (none for a
/// change that could not be read, or one recorded before digests were kept).
private struct Fate {
    var result: PushResult
    var digest: UInt64?
}

/// One push, inside its write transaction.
private struct PushTransaction {
    let db: Database
    let rules: PushRules

    func run(_ entries: [PushBatch.Entry]) throws -> (results: [PushResult], acceptedNew: Bool) {
        let ids = entries.map { entry -> UUID in
            switch entry {
            case let .change(change): change.id
            case let .malformed(id, _): id
            }
        }
        var fates = try priorFates(ids)
        let writable = try writableOwners()
        let replicaAccounts = try accountsOfReplicas(
            Set(
                entries.compactMap { entry in
                    if case let .change(change) = entry { return change.at.replica }
                    return nil
                }
            )
        )
        let entities = try existingEntities(
            entries.compactMap { entry in
                if case let .change(change) = entry { return change.entity }
                return nil
            }
        )
        // Keyed by UUID, not its text: a batch of a thousand changes would otherwise make and hash
        // thousands of 36-character strings.
        var dirty: [UUID: DirtyEntity] = [:]
        var replicas: Set<ReplicaID> = []
        var seq = try db.currentSequence()
        let firstSeq = seq
        var logged: [Fate] = []
        var results: [PushResult] = []
        results.reserveCapacity(entries.count)

        for (index, entry) in entries.enumerated() {
            let id = ids[index]
            let digest: UInt64? =
                switch entry {
                case let .change(change): change.contentDigest
                case .malformed: nil
                }
            if let fate = fates[id] {
                if let recorded = fate.digest, let digest, recorded != digest {
                    results.append(.rejected(id, Self.reusedID(id)))
                } else {
                    results.append(fate.result.status == .accepted ? .accepted(id, seq: fate.result.seq ?? 0, duplicate: true) : fate.result)
                }
                continue
            }
            let result: PushResult
            switch entry {
            case let .malformed(changeID, error):
                result = .rejected(changeID, Rejection(code: Rejection.Code.invalid, message: error.reason, field: error.path))
            case let .change(change):
                let entityID = change.entity
                if let rejection = check(change, writable: writable) ?? checkReplica(change, accounts: replicaAccounts) {
                    result = .rejected(change.id, rejection)
                } else {
                    var state: EntityState
                    var bytes: Int
                    var arrivals: Arrivals
                    if let pending = dirty[entityID] {
                        (state, bytes, arrivals) = (pending.state, pending.bytes, pending.arrivals)
                    } else if let stored = entities[entityID] {
                        state = try stored.decoded()
                        bytes = stored.state.count
                        arrivals = try stored.arrivals(of: state, record: entityID)
                    } else {
                        (state, bytes, arrivals) = (EntityState(type: change.type, id: change.entity, owner: change.owner), 0, Arrivals())
                    }
                    do {
                        var grown = bytes + Self.storedBytes(of: change)
                        var rejection = recordFull(state, bytes: grown, adding: change)
                        if rejection == nil {
                            try state.apply(change)
                        } else if grown > rules.limits.maximumRecordBytes {
                            // The estimate never shrinks; a record near the limit is measured
                            // exactly, since the change may have let its fields' oldest values go.
                            var trial = state
                            try trial.apply(change)
                            grown = trial.jsonData.count
                            rejection = recordFull(state, bytes: grown, adding: change)
                            if rejection == nil { state = trial }
                        }
                        if let rejection {
                            result = .rejected(change.id, rejection)
                        } else {
                            seq += 1
                            arrivals.record(change.at, at: seq)
                            dirty[entityID] = DirtyEntity(state: state, seq: seq, bytes: grown, arrivals: arrivals)
                            replicas.insert(change.at.replica)
                            result = .accepted(change.id, seq: seq)
                        }
                    } catch {
                        result = .rejected(change.id, Self.rejection(for: error, change: change))
                    }
                }
            }
            let fate = Fate(result: result, digest: digest)
            fates[id] = fate
            logged.append(fate)
            results.append(result)
        }

        try record(logged)
        try save(dirty)
        seq = try registerReplicas(replicas, after: seq)
        if seq > firstSeq {
            try db.cachedStatement(sql: "UPDATE sequence SET value = ? WHERE id = 1").execute(arguments: [seq])
        }
        return (results, seq > firstSeq)
    }

    /// Why a well-formed change cannot be merged, or `nil` when it can.
    private func check(_ change: Change, writable: Set<UUID>) -> Rejection? {
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
        guard writable.contains(change.owner) else {
            return Rejection(
                code: Rejection.Code.forbidden,
                message: "you may not write records of seeker \(change.owner.lowercased): they are not yours or not in your caseload"
            )
        }
        return nil
    }

    /// At most about how many bytes a change adds to its record's stored state: its text, each
    /// write's stamp and punctuation. (A record's next push starts from its exact stored size.)
    private static func storedBytes(of change: Change) -> Int {
        change.textByteCount + 64 + 48 * change.operationCount
    }

    /// Why the record cannot take this change, if it is full: past its size or its field count.
    private func recordFull(_ state: EntityState, bytes: Int, adding change: Change) -> Rejection? {
        let limits = rules.limits
        if bytes > limits.maximumRecordBytes {
            return Rejection(
                code: Rejection.Code.recordFull,
                message:
                    "record \(change.entity.lowercased) would grow to about \(bytes) bytes with the values it keeps; at most \(limits.maximumRecordBytes) are accepted. Start a new record"
            )
        }
        // Field names are looked up only when the change could reach the limit at all: on the
        // push's hot path nearly every change is far below it.
        let existing = state.registers.count + state.sets.count
        guard existing + change.set.count + change.add.count > limits.maximumRecordFields else { return nil }
        let fields = existing + change.newFieldCount(in: state)
        if fields > limits.maximumRecordFields {
            return Rejection(
                code: Rejection.Code.recordFull,
                message: "record \(change.entity.lowercased) would have \(fields) fields; at most \(limits.maximumRecordFields) are accepted"
            )
        }
        return nil
    }

    /// Whether this device may write as the change's replica: the one it logged in for, or (for a
    /// login that named none) any replica not already writing for another account. An edit can
    /// then never be shown as made on someone else's device.
    private func checkReplica(_ change: Change, accounts: [ReplicaID: String]) -> Rejection? {
        let replica = change.at.replica
        if let own = rules.identity.replica, replica != own {
            return Rejection(
                code: Rejection.Code.forbidden,
                message: "this device logged in as replica \(own); a change stamped by replica \(replica) is not its own",
                field: "at"
            )
        }
        if let account = accounts[replica], account != rules.identity.account.id.lowercased {
            return Rejection(code: Rejection.Code.forbidden, message: "replica \(replica) writes for another account", field: "at")
        }
        return nil
    }

    /// The account each of these replica ids already writes for, by id (as text, as stored).
    private func accountsOfReplicas(_ replicas: Set<ReplicaID>) throws -> [ReplicaID: String] {
        guard !replicas.isEmpty else { return [:] }
        var accounts: [ReplicaID: String] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT replica, account_id FROM replicas WHERE replica IN (SELECT value FROM json_each(?))"),
            arguments: [jsonList(replicas.map(\.description))]
        )
        while let row = try rows.next() {
            let text: String = row["replica"]
            guard let replica = ReplicaID(hex: text) else {
                throw StorageError.corrupt("replicas.replica \"\(text.prefix(20))\" is not a replica id")
            }
            accounts[replica] = row["account_id"]
        }
        return accounts
    }

    private static func rejection(for error: MergeError, change: Change) -> Rejection {
        switch error {
        case .typeMismatch(_, let expected, _):
            Rejection(
                code: Rejection.Code.typeMismatch,
                message:
                    "record \(change.entity.lowercased) is \(expected.rawValue.withIndefiniteArticle), not \(change.type.rawValue.withIndefiniteArticle); a record's type is fixed"
            )
        case .ownerMismatch, .differentEntity:
            Rejection(code: Rejection.Code.forbidden, message: "you may not write record \(change.entity.lowercased)")
        }
    }

    private static func reusedID(_ id: UUID) -> Rejection {
        Rejection(
            code: Rejection.Code.idReused,
            message:
                "change id \(id.lowercased) was used before for a different change; the server keeps the first. Give every new change a new id",
            field: "id"
        )
    }

    /// The answers already given to any of these change ids (a retried batch), by id.
    ///
    /// Change ids are time-ordered, so one client's batch spans a narrow range of the change log's
    /// key, which holds few other ids: one range scan answers for the whole batch. A batch whose
    /// range holds many more (changes kept offline for days, or a client making random ids) is
    /// checked id by id instead, one probe each through one prepared statement.
    private func priorFates(_ ids: [UUID]) throws -> [UUID: Fate] {
        guard let low = ids.min(by: UUID.precedes), let high = ids.max(by: UUID.precedes) else { return [:] }
        let wanted = Set(ids)
        let limit = 2 * ids.count + 64
        var fates: [UUID: Fate] = [:]
        var scanned = 0
        var scan = try BoundStatement(
            "SELECT change_id, seq, code, message, field, digest FROM change_fates WHERE change_id BETWEEN ? AND ? LIMIT ?",
            in: db
        )
        scan.bind(low)
        scan.bind(high)
        scan.bind(limit)
        try scan.forEachRow { row in
            scanned += 1
            guard let id = row.uuid(0) else { throw StorageError.corrupt("a change_fates.change_id is not 16 bytes") }
            if wanted.contains(id) { fates[id] = try Self.fate(id, row, from: 1) }
        }
        guard scanned >= limit else { return fates }
        fates = [:]
        var probe = try BoundStatement("SELECT seq, code, message, field, digest FROM change_fates WHERE change_id = ?", in: db)
        for id in ids {
            probe.bind(id)
            try probe.forEachRow { row in fates[id] = try Self.fate(id, row, from: 0) }
        }
        return fates
    }

    /// The answer a change log row records: accepted with its sequence number, or the rejection;
    /// its columns `seq, code, message, field, digest` start at `column`.
    private static func fate(_ id: UUID, _ row: BoundRow, from column: Int32) throws -> Fate {
        let digest = row.int64(column + 4).map { UInt64(bitPattern: $0) }
        if let seq = row.int64(column) { return Fate(result: .accepted(id, seq: seq), digest: digest) }
        guard let code = row.text(column + 1), let message = row.text(column + 2) else {
            throw StorageError.corrupt("the fate of change \(id.lowercased) is neither accepted nor a rejection with a code and a message")
        }
        return Fate(result: .rejected(id, Rejection(code: code, message: message, field: row.text(column + 3))), digest: digest)
    }

    private func writableOwners() throws -> Set<UUID> {
        Set(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL"),
                arguments: [rules.identity.account.id.lowercased]
            ).map { try UUID.stored($0, in: "grants.owner_id") }
        )
    }

    /// The stored rows of the entities these changes touch, by id (one key probe each, as above).
    private func existingEntities(_ ids: [UUID]) throws -> [UUID: StoredEntity] {
        var found: [UUID: StoredEntity] = [:]
        var probe = try BoundStatement("SELECT state, last_seq, arrivals FROM entities WHERE id = ?", in: db)
        for id in ids where found[id] == nil {
            id.withLowercasedUTF8 { probe.bind(text: $0) }
            try probe.forEachRow { row in
                guard let state = row.blob(0), let lastSeq = row.int64(1) else {
                    throw StorageError.corrupt("record \(id.lowercased) has no stored state or sequence number")
                }
                found[id] = StoredEntity(state: state, lastSeq: lastSeq, arrivals: row.blob(2))
            }
        }
        return found
    }

    private func record(_ logged: [Fate]) throws {
        let day = Int64((rules.now.timeIntervalSince1970 / 86_400).rounded(.down))
        var statement = try BoundStatement(
            "INSERT INTO change_fates (change_id, seq, code, message, field, digest, recorded_day) VALUES (?, ?, ?, ?, ?, ?, ?)",
            in: db
        )
        for fate in logged {
            statement.bind(fate.result.id)
            statement.bind(fate.result.seq)
            statement.bind(fate.result.rejection?.code)
            statement.bind(fate.result.rejection?.message)
            statement.bind(fate.result.rejection?.field)
            statement.bind(fate.digest.map { Int64(bitPattern: $0) })
            statement.bind(day)
            try statement.execute()
        }
    }

    private func save(_ dirty: [UUID: DirtyEntity]) throws {
        var statement = try BoundStatement(
            """
            INSERT INTO entities (id, owner_id, type, last_seq, state, arrivals) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state, arrivals = excluded.arrivals
            """,
            in: db
        )
        for (id, entry) in dirty {
            id.withLowercasedUTF8 { statement.bind(text: $0) }
            entry.state.owner.withLowercasedUTF8 { statement.bind(text: $0) }
            statement.bind(entry.state.type.rawValue)
            statement.bind(entry.seq)
            statement.bind(entry.state.jsonData)
            statement.bind(entry.arrivals.blob(keeping: entry.state))
            try statement.execute()
        }
    }

    /// Records which account and device new replica ids belong to; each new one takes a sequence number.
    private func registerReplicas(_ replicas: Set<ReplicaID>, after seq: Int64) throws -> Int64 {
        guard !replicas.isEmpty else { return seq }
        let texts = replicas.map(\.description)
        let known = Set(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT replica FROM replicas WHERE replica IN (SELECT value FROM json_each(?))"),
                arguments: [jsonList(texts)]
            )
        )
        var next = seq
        for replica in texts.sorted() where !known.contains(replica) {
            next += 1
            try db.cachedStatement(sql: "INSERT INTO replicas (replica, account_id, device, seq, first_seen) VALUES (?, ?, ?, ?, ?)").execute(
                arguments: [replica, rules.identity.account.id.lowercased, rules.identity.device, next, rules.now.timeIntervalSince1970])
        }
        return next
    }
}

/// An entity row as a push finds it: its stored bytes, decoded when the first change touches it
/// (its owner and type are in them, and the merge checks both).
private struct StoredEntity {
    var state: Data
    var lastSeq: Int64
    /// `nil` for a record last written before arrivals were kept.
    var arrivals: Data?

    func decoded() throws -> EntityState {
        do {
            return try EntityState.decode(json: state)
        } catch {
            throw StorageError.corrupt("a stored record could not be read: \(error)")
        }
    }

    func arrivals(of state: EntityState, record: UUID) throws -> Arrivals {
        guard let arrivals else { return Arrivals(all: state, arrivedBy: lastSeq) }
        return try Arrivals(stored: arrivals, record: record.lowercased)
    }
}

/// A record a push changed, to be saved when the push ends.
private struct DirtyEntity {
    var state: EntityState
    var seq: Int64
    /// The stored size, exact or estimated from above.
    var bytes: Int
    var arrivals: Arrivals
}
