import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import GRDB
import SQLiteBinding

extension SQLiteStore {
    /// Merges a batch of changes in one write transaction (``PushPlan``) and answers each one.
    /// SQLite commits one writer at a time, so the sequence numbers a push takes are in commit order.
    func push(_ entries: [PushBatch.Entry], rules: PushRules) async throws -> (results: [PushResult], acceptedNew: Bool) {
        try await pool.write { db in
            try SQLitePush(db: db, plan: PushPlan(entries: entries, rules: rules)).run()
        }
    }
}

/// One push, inside its write transaction.
private struct SQLitePush {
    let db: Database
    let plan: PushPlan

    func run() throws -> (results: [PushResult], acceptedNew: Bool) {
        let replicaAccounts = try accountsOfReplicas(plan.replicas)
        let reads = PushPlan.Reads(
            priorFates: try priorFates(plan.ids),
            writable: try writableOwners(),
            replicaAccounts: replicaAccounts,
            loginAccounts: try accountsOfLogins(plan.relayedUnknown(replicaAccounts)),
            entities: try existingEntities(plan.entityIDs),
            sequence: try db.currentSequence()
        )
        let outcome = try plan.decide(reads)
        try record(outcome.newFates)
        try save(outcome.dirty)
        try registerReplicas(outcome.newReplicas)
        if outcome.acceptedNew {
            try db.cachedStatement(sql: "UPDATE sequence SET value = ? WHERE id = 1").execute(arguments: [outcome.sequence])
        }
        return (outcome.results, outcome.acceptedNew)
    }

    /// The account whose login named each of these replica ids (none, nearly always: the lookup
    /// runs only for a device sending on another device's writes).
    private func accountsOfLogins(_ replicas: [ReplicaID]) throws -> [ReplicaID: UUID] {
        guard !replicas.isEmpty else { return [:] }
        var accounts: [ReplicaID: UUID] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT DISTINCT replica, account_id FROM tokens WHERE replica IN (SELECT value FROM json_each(?))",
            arguments: [jsonList(replicas.map(\.description))]
        )
        while let row = try rows.next() {
            let text: String = row["replica"]
            guard let replica = ReplicaID(hex: text) else { throw StorageError.corrupt("tokens.replica \"\(text.prefix(20))\" is not a replica id") }
            accounts[replica] = try UUID.stored(row["account_id"], in: "tokens.account_id")
        }
        return accounts
    }

    /// The account each of these replica ids already writes for, by id (as text, as stored).
    private func accountsOfReplicas(_ replicas: Set<ReplicaID>) throws -> [ReplicaID: UUID] {
        guard !replicas.isEmpty else { return [:] }
        var accounts: [ReplicaID: UUID] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT replica, account_id FROM replicas WHERE replica IN (SELECT value FROM json_each(?))"),
            arguments: [jsonList(replicas.map(\.description))]
        )
        while let row = try rows.next() {
            let text: String = row["replica"]
            guard let replica = ReplicaID(hex: text) else {
                throw StorageError.corrupt("replicas.replica \"\(text.prefix(20))\" is not a replica id")
            }
            accounts[replica] = try UUID.stored(row["account_id"], in: "replicas.account_id")
        }
        return accounts
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
        try Fate(
            id: id,
            seq: row.int64(column),
            code: row.text(column + 1),
            message: row.text(column + 2),
            field: row.text(column + 3),
            digest: row.int64(column + 4).map { UInt64(bitPattern: $0) }
        )
    }

    private func writableOwners() throws -> Set<UUID> {
        Set(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL"),
                arguments: [plan.rules.identity.account.id.lowercased]
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
        let day = Int64((plan.rules.now.timeIntervalSince1970 / 86_400).rounded(.down))
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

    /// Records which account and device new replica ids belong to, at the numbers the plan gave them.
    private func registerReplicas(_ replicas: [(replica: ReplicaID, seq: Int64)]) throws {
        for (replica, seq) in replicas {
            try db.cachedStatement(sql: "INSERT INTO replicas (replica, account_id, device, seq, first_seen) VALUES (?, ?, ?, ?, ?)").execute(
                arguments: [
                    replica.description, plan.rules.identity.account.id.lowercased, plan.rules.identity.device, seq,
                    plan.rules.now.timeIntervalSince1970,
                ])
        }
    }
}
