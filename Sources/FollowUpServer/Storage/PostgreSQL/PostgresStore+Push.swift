import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

extension PostgresStore {
    /// Merges a batch of changes (``PushPlan``) and answers each one.
    ///
    /// Who may write and which replicas are known are read first, outside the lock: a grant or a
    /// device that changes meanwhile is a race the client could have lost anyway. The push then
    /// waits in this instance's ``PushQueue`` and is committed with the others waiting there, in one
    /// transaction that locks the sequence row before it reads what the merges depend on (the prior
    /// fates and records), so pushes on every instance run one after another, each seeing the one
    /// before, and the numbers they take are in commit order. Under the lock each push is two
    /// statements over arrays — its reads, and its writes (fates, records, new replicas, the
    /// sequence, the notification) — and the group one commit.
    func push(_ entries: [PushBatch.Entry], rules: PushRules) async throws -> (results: [PushResult], acceptedNew: Bool) {
        let logger = logger
        let plan = PushPlan(entries: entries, rules: rules)
        let (writable, replicaAccounts, loginAccounts) = try await withConnection { connection in
            let push = PostgresPush(connection: connection, plan: plan, logger: logger)
            let known = try await push.accountsOfReplicas()
            return (try await push.writableOwners(), known, try await push.accountsOfLogins(plan.relayedUnknown(known)))
        }
        return try await withCheckedThrowingContinuation { answer in
            let waiting = PushQueue.Waiting(
                plan: plan,
                writable: writable,
                replicaAccounts: replicaAccounts,
                loginAccounts: loginAccounts,
                answer: answer
            )
            if pushes.enqueue(waiting) { Task { await self.drainPushes() } }
        }
    }

    /// Commits the waiting pushes, a group per transaction, until none is left.
    private func drainPushes() async {
        let logger = logger
        while let group = pushes.nextGroup() {
            do {
                let answers = try await transaction { connection in
                    var sequence = try await connection.lockSequence(logger: logger)
                    var answers: [(results: [PushResult], acceptedNew: Bool)] = []
                    for waiting in group {
                        let push = PostgresPush(connection: connection, plan: waiting.plan, logger: logger)
                        let (fates, entities) = try await push.fatesAndEntities()
                        let outcome = try waiting.plan.decide(
                            PushPlan.Reads(
                                priorFates: fates,
                                writable: waiting.writable,
                                replicaAccounts: waiting.replicaAccounts,
                                loginAccounts: waiting.loginAccounts,
                                entities: entities,
                                sequence: sequence
                            )
                        )
                        try await push.write(outcome)
                        sequence = outcome.sequence
                        answers.append((outcome.results, outcome.acceptedNew))
                    }
                    return answers
                }
                for (waiting, answer) in zip(group, answers) { waiting.answer.resume(returning: answer) }
            } catch {
                for waiting in group { waiting.answer.resume(throwing: error) }
            }
        }
    }
}

/// One push's statements, inside its transaction.
private struct PostgresPush {
    let connection: PostgresConnection
    let plan: PushPlan
    let logger: Logger

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

    /// As ``SQLiteStore``'s: the account whose login named each of these replica ids.
    func accountsOfLogins(_ replicas: [ReplicaID]) async throws -> [ReplicaID: UUID] {
        guard !replicas.isEmpty else { return [:] }
        var accounts: [ReplicaID: UUID] = [:]
        for try await (text, account) in try await connection.query(
            "SELECT DISTINCT replica, account_id FROM tokens WHERE replica = ANY(\(replicas.map(\.description)))",
            logger: logger
        ).decode((String, UUID).self) {
            guard let replica = ReplicaID(hex: text) else { throw StorageError.corrupt("tokens.replica \"\(text.prefix(20))\" is not a replica id") }
            accounts[replica] = account
        }
        return accounts
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

    /// The answers already given to any of the batch's change ids, and the stored rows of the
    /// records it writes: one statement, each row marked with what it is.
    func fatesAndEntities() async throws -> (fates: [UUID: Fate], entities: [UUID: StoredEntity]) {
        let records = Array(Set(plan.entityIDs))
        var fates: [UUID: Fate] = [:]
        var entities: [UUID: StoredEntity] = [:]
        let rows = try await connection.query(
            """
            SELECT true, change_id, seq, code, message, field, digest, NULL::bytea, NULL::bytea
            FROM change_fates WHERE change_id = ANY(\(plan.ids))
            UNION ALL
            SELECT false, id, last_seq, NULL, NULL, NULL, NULL, state, arrivals
            FROM entities WHERE id = ANY(\(records))
            """,
            logger: logger
        )
        for try await (isFate, id, seq, code, message, field, digest, state, arrivals) in rows.decode(
            (Bool, UUID, Int64?, String?, String?, String?, Int64?, ByteBuffer?, ByteBuffer?).self
        ) {
            if isFate {
                fates[id] = try Fate(id: id, seq: seq, code: code, message: message, field: field, digest: digest.map { UInt64(bitPattern: $0) })
            } else {
                guard let state, let seq else { throw StorageError.corrupt("record \(id.lowercased) has no stored state or sequence number") }
                entities[id] = StoredEntity(state: Data(buffer: state), lastSeq: seq, arrivals: arrivals.map { Data(buffer: $0) })
            }
        }
        return (fates, entities)
    }

    /// Everything the push decided, in one statement: the new fates, the changed records, the new
    /// replicas, and (when a number was taken) the sequence's new value and the notification other
    /// instances wait for. Array elements cannot be NULL here, so absent values travel as flags.
    func write(_ outcome: PushPlan.Outcome) async throws {
        guard !outcome.newFates.isEmpty || !outcome.dirty.isEmpty || !outcome.newReplicas.isEmpty else { return }
        let fates = outcome.newFates
        let day = Int64((plan.rules.now.timeIntervalSince1970 / 86_400).rounded(.down))
        let records = Array(outcome.dirty)
        let replicas = outcome.newReplicas
        let identity = plan.rules.identity
        try await connection.query(
            """
            WITH fates AS (
                INSERT INTO change_fates (change_id, seq, code, message, field, digest, recorded_day)
                SELECT id, NULLIF(seq, 0), NULLIF(code, ''), NULLIF(message, ''), CASE WHEN has_field THEN field END,
                       CASE WHEN has_digest THEN digest END, \(day)
                FROM unnest(\(fates.map(\.result.id)), \(fates.map { $0.result.seq ?? 0 }), \(fates.map { $0.result.rejection?.code ?? "" }),
                            \(fates.map { $0.result.rejection?.message ?? "" }), \(fates.map { $0.result.rejection?.field ?? "" }),
                            \(fates.map { $0.result.rejection?.field != nil }), \(fates.map { $0.digest.map { Int64(bitPattern: $0) } ?? 0 }),
                            \(fates.map { $0.digest != nil }))
                     AS f(id, seq, code, message, field, has_field, digest, has_digest)
            ), records AS (
                INSERT INTO entities (id, owner_id, type, last_seq, state, arrivals)
                SELECT * FROM unnest(\(records.map(\.key)), \(records.map(\.value.state.owner)), \(records.map(\.value.state.type.rawValue)),
                                     \(records.map(\.value.seq)), \(records.map { ByteBuffer(data: $0.value.state.jsonData) }),
                                     \(records.map { ByteBuffer(data: $0.value.arrivals.blob(keeping: $0.value.state)) }))
                ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state, arrivals = excluded.arrivals
            ), devices AS (
                INSERT INTO replicas (replica, account_id, device, seq, first_seen)
                SELECT replica, \(identity.account.id), \(identity.device), seq, \(plan.rules.now.timeIntervalSince1970)
                FROM unnest(\(replicas.map(\.replica.description)), \(replicas.map(\.seq))) AS r(replica, seq)
                ON CONFLICT (replica) DO NOTHING  -- the same new device pushing twice at once
            ), sequence AS (
                UPDATE sequence SET value = \(outcome.sequence) WHERE id = 1 AND \(outcome.acceptedNew)
            )
            SELECT pg_notify(\(PostgresStore.commitChannel), '') WHERE \(outcome.acceptedNew)
            """,
            logger: logger
        )
    }
}
