import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

extension PostgresStore {
    /// Merges a batch of changes in one transaction (``PushPlan``) and answers each one.
    ///
    /// The transaction locks the sequence row before it reads anything, so pushes on every instance
    /// run one after another, each seeing the one before, and the numbers they take are in commit
    /// order. Every read and write is one statement over arrays: a push of a thousand changes is
    /// nine round trips.
    func push(_ entries: [PushBatch.Entry], rules: PushRules) async throws -> (results: [PushResult], acceptedNew: Bool) {
        let logger = logger
        let plan = PushPlan(entries: entries, rules: rules)
        return try await transaction { connection in
            let sequence = try await connection.lockSequence(logger: logger)
            let push = PostgresPush(connection: connection, plan: plan, logger: logger)
            let reads = PushPlan.Reads(
                priorFates: try await push.priorFates(),
                writable: try await push.writableOwners(),
                replicaAccounts: try await push.accountsOfReplicas(),
                entities: try await push.existingEntities(),
                sequence: sequence
            )
            let outcome = try plan.decide(reads)
            try await push.record(outcome.newFates)
            try await push.save(outcome.dirty)
            try await push.registerReplicas(outcome.newReplicas)
            if outcome.acceptedNew {
                try await connection.query("UPDATE sequence SET value = \(outcome.sequence) WHERE id = 1", logger: logger)
                try await connection.query("SELECT pg_notify(\(Self.commitChannel), '')", logger: logger)
            }
            return (outcome.results, outcome.acceptedNew)
        }
    }
}

/// One push's statements, inside its transaction.
private struct PostgresPush {
    let connection: PostgresConnection
    let plan: PushPlan
    let logger: Logger

    func priorFates() async throws -> [UUID: Fate] {
        guard !plan.ids.isEmpty else { return [:] }
        var fates: [UUID: Fate] = [:]
        for try await (id, seq, code, message, field, digest) in try await connection.query(
            "SELECT change_id, seq, code, message, field, digest FROM change_fates WHERE change_id = ANY(\(plan.ids))",
            logger: logger
        ).decode((UUID, Int64?, String?, String?, String?, Int64?).self) {
            fates[id] = try Fate(id: id, seq: seq, code: code, message: message, field: field, digest: digest.map { UInt64(bitPattern: $0) })
        }
        return fates
    }

    func writableOwners() async throws -> Set<UUID> {
        var owners: Set<UUID> = []
        for try await owner in try await connection.query(
            "SELECT owner_id FROM grants WHERE viewer_id = \(plan.rules.identity.account.id) AND until_seq IS NULL",
            logger: logger
        ).decode(UUID.self) {
            owners.insert(owner)
        }
        return owners
    }

    func accountsOfReplicas() async throws -> [ReplicaID: UUID] {
        let replicas = plan.replicas
        guard !replicas.isEmpty else { return [:] }
        var accounts: [ReplicaID: UUID] = [:]
        for try await (text, account) in try await connection.query(
            "SELECT replica, account_id FROM replicas WHERE replica = ANY(\(replicas.map(\.description)))",
            logger: logger
        ).decode((String, UUID).self) {
            guard let replica = ReplicaID(hex: text) else {
                throw StorageError.corrupt("replicas.replica \"\(text.prefix(20))\" is not a replica id")
            }
            accounts[replica] = account
        }
        return accounts
    }

    func existingEntities() async throws -> [UUID: StoredEntity] {
        let ids = Array(Set(plan.entityIDs))
        guard !ids.isEmpty else { return [:] }
        var found: [UUID: StoredEntity] = [:]
        for try await (id, state, lastSeq, arrivals) in try await connection.query(
            "SELECT id, state, last_seq, arrivals FROM entities WHERE id = ANY(\(ids))",
            logger: logger
        ).decode((UUID, ByteBuffer, Int64, ByteBuffer?).self) {
            found[id] = StoredEntity(state: Data(buffer: state), lastSeq: lastSeq, arrivals: arrivals.map { Data(buffer: $0) })
        }
        return found
    }

    /// The fates decided now, as one insert over arrays (an array element cannot be NULL here, so
    /// absent values travel as flags).
    func record(_ fates: [Fate]) async throws {
        guard !fates.isEmpty else { return }
        let day = Int64((plan.rules.now.timeIntervalSince1970 / 86_400).rounded(.down))
        try await connection.query(
            """
            INSERT INTO change_fates (change_id, seq, code, message, field, digest, recorded_day)
            SELECT id, NULLIF(seq, 0), NULLIF(code, ''), NULLIF(message, ''), CASE WHEN has_field THEN field END,
                   CASE WHEN has_digest THEN digest END, \(day)
            FROM unnest(\(fates.map(\.result.id)), \(fates.map { $0.result.seq ?? 0 }), \(fates.map { $0.result.rejection?.code ?? "" }),
                        \(fates.map { $0.result.rejection?.message ?? "" }), \(fates.map { $0.result.rejection?.field ?? "" }),
                        \(fates.map { $0.result.rejection?.field != nil }), \(fates.map { $0.digest.map { Int64(bitPattern: $0) } ?? 0 }),
                        \(fates.map { $0.digest != nil }))
                 AS f(id, seq, code, message, field, has_field, digest, has_digest)
            """,
            logger: logger
        )
    }

    func save(_ dirty: [UUID: DirtyEntity]) async throws {
        guard !dirty.isEmpty else { return }
        let entries = Array(dirty)
        try await connection.query(
            """
            INSERT INTO entities (id, owner_id, type, last_seq, state, arrivals)
            SELECT * FROM unnest(\(entries.map(\.key)), \(entries.map(\.value.state.owner)), \(entries.map(\.value.state.type.rawValue)),
                                 \(entries.map(\.value.seq)), \(entries.map { ByteBuffer(data: $0.value.state.jsonData) }),
                                 \(entries.map { ByteBuffer(data: $0.value.arrivals.blob(keeping: $0.value.state)) }))
            ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state, arrivals = excluded.arrivals
            """,
            logger: logger
        )
    }

    func registerReplicas(_ replicas: [(replica: ReplicaID, seq: Int64)]) async throws {
        guard !replicas.isEmpty else { return }
        let identity = plan.rules.identity
        try await connection.query(
            """
            INSERT INTO replicas (replica, account_id, device, seq, first_seen)
            SELECT replica, \(identity.account.id), \(identity.device), seq, \(plan.rules.now.timeIntervalSince1970)
            FROM unnest(\(replicas.map(\.replica.description)), \(replicas.map(\.seq))) AS r(replica, seq)
            """,
            logger: logger
        )
    }
}
