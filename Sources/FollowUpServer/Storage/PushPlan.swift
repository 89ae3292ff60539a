import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation

/// What a push needs to know besides the changes.
struct PushRules: Sendable {
    var identity: Identity
    var now: Date
    var maxClockDriftMillis: UInt64
    var limits: ChangeLimits
}

/// The first answer given to a change id, and the digest of the change it answered (none for a
/// change that could not be read, or one recorded before digests were kept).
struct Fate: Sendable {
    var result: PushResult
    var digest: UInt64?

    /// The answer a stored fate gives: accepted with its sequence number, or the rejection.
    init(id: UUID, seq: Int64?, code: String?, message: String?, field: String?, digest: UInt64?) throws(StorageError) {
        if let seq {
            result = .accepted(id, seq: seq)
        } else {
            guard let code, let message else {
                throw .corrupt("the fate of change \(id.lowercased) is neither accepted nor a rejection with a code and a message")
            }
            result = .rejected(id, Rejection(code: code, message: message, field: field))
        }
        self.digest = digest
    }

    init(result: PushResult, digest: UInt64?) {
        self.result = result
        self.digest = digest
    }
}

/// An entity row as a push finds it: its stored bytes, decoded when the first change touches it
/// (its owner and type are in them, and the merge checks both).
struct StoredEntity: Sendable {
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
struct DirtyEntity: Sendable {
    var state: EntityState
    var seq: Int64
    /// The stored size, exact or estimated from above.
    var bytes: Int
    var arrivals: Arrivals
}

/// One push's decisions, the same on every backend: each backend reads what the batch touches
/// (``Reads``) inside its write transaction, lets the plan decide every change's fate, and writes
/// the ``Outcome``.
///
/// A change id has one fate, decided the first time it is seen and answered the same way on
/// every retry. A rejected change is recorded and skipped; it never blocks the rest of the batch.
struct PushPlan {
    let entries: [PushBatch.Entry]
    let rules: PushRules
    /// Every entry's change id, in order.
    let ids: [UUID]

    init(entries: [PushBatch.Entry], rules: PushRules) {
        self.entries = entries
        self.rules = rules
        ids = entries.map { entry -> UUID in
            switch entry {
            case let .change(change): change.id
            case let .malformed(id, _): id
            }
        }
    }

    /// The replica ids the batch's changes are stamped by.
    var replicas: Set<ReplicaID> {
        Set(
            entries.compactMap { entry in
                if case let .change(change) = entry { return change.at.replica }
                return nil
            }
        )
    }

    /// The replica ids the batch's changes carry that are neither this device's own nor known to
    /// write for any account: the backend looks up which account's login named them.
    func relayedUnknown(_ known: [ReplicaID: UUID]) -> [ReplicaID] {
        replicas.filter { known[$0] == nil && $0 != rules.identity.replica }.sorted()
    }

    /// The records the batch's changes write, in order (with repeats).
    var entityIDs: [UUID] {
        entries.compactMap { entry in
            if case let .change(change) = entry { return change.entity }
            return nil
        }
    }

    /// What the backend read in the push's transaction.
    struct Reads {
        /// The answers already given to any of the batch's change ids (a retried batch).
        var priorFates: [UUID: Fate]
        /// The owners the pushing account may write now.
        var writable: Set<UUID>
        /// The account each of the batch's replica ids already writes for.
        var replicaAccounts: [ReplicaID: UUID]
        /// For the replica ids of ``PushPlan/relayedUnknown(_:)``: the account whose login named
        /// each (a device that logged in but never pushed, whose writes another device sends on).
        var loginAccounts: [ReplicaID: UUID] = [:]
        /// The stored rows of the records the batch writes.
        var entities: [UUID: StoredEntity]
        /// The highest sequence number taken so far.
        var sequence: Int64
    }

    /// What the backend writes before it commits.
    struct Outcome {
        var results: [PushResult]
        /// The fates decided now, to be recorded.
        var newFates: [Fate]
        var dirty: [UUID: DirtyEntity]
        /// Replica ids seen for the first time, each with the sequence number that registers it.
        var newReplicas: [(replica: ReplicaID, seq: Int64)]
        /// The highest sequence number taken: the sequence's new value.
        var sequence: Int64
        /// Whether anything new was accepted (a number was taken).
        var acceptedNew: Bool
    }

    func decide(_ reads: Reads) throws -> Outcome {
        var fates = reads.priorFates
        // Keyed by UUID, not its text: a batch of a thousand changes would otherwise make and hash
        // thousands of 36-character strings.
        var dirty: [UUID: DirtyEntity] = [:]
        var replicas: Set<ReplicaID> = []
        var seq = reads.sequence
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
                if let rejection = check(change, writable: reads.writable) {
                    result = .rejected(change.id, rejection)
                } else {
                    var state: EntityState
                    var bytes: Int
                    var arrivals: Arrivals
                    var lastSeq: Int64 = 0
                    if let pending = dirty[entityID] {
                        (state, bytes, arrivals, lastSeq) = (pending.state, pending.bytes, pending.arrivals, pending.seq)
                    } else if let stored = reads.entities[entityID] {
                        state = try stored.decoded()
                        bytes = stored.state.count
                        arrivals = try stored.arrivals(of: state, record: entityID)
                        lastSeq = stored.lastSeq
                    } else {
                        (state, bytes, arrivals) = (EntityState(type: change.type, id: change.entity, owner: change.owner), 0, Arrivals())
                    }
                    // Another device's writes sent again (a backup moved to this device, or a
                    // pulled copy) that the record already holds change nothing and take no number;
                    // of another account's, only those are accepted.
                    let relayed = change.at.replica != rules.identity.replica && lastSeq > 0
                    if relayed, Self.alreadyHeld(change, in: state) {
                        result = .accepted(change.id, seq: lastSeq, duplicate: true)
                    } else if let rejection = checkReplica(change, accounts: reads.replicaAccounts, logins: reads.loginAccounts) {
                        result = .rejected(change.id, rejection)
                    } else {
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
            }
            let fate = Fate(result: result, digest: digest)
            fates[id] = fate
            logged.append(fate)
            results.append(result)
        }

        // Each replica id seen for the first time takes a number, so pulls carry the new device.
        var newReplicas: [(replica: ReplicaID, seq: Int64)] = []
        for replica in replicas.subtracting(reads.replicaAccounts.keys).sorted(by: { $0.description < $1.description }) {
            seq += 1
            newReplicas.append((replica, seq))
        }
        return Outcome(
            results: results,
            newFates: logged,
            dirty: dirty,
            newReplicas: newReplicas,
            sequence: seq,
            acceptedNew: seq > reads.sequence
        )
    }

    /// Why a well-formed change cannot be merged, or `nil` when it can.
    private func check(_ change: Change, writable: Set<UUID>) -> Rejection? {
        do {
            try change.validate(rules.limits)
            try change.validateFields()
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

    /// Whether this device may send a change stamped by the change's replica: its own; another
    /// replica of the same account, known from its writes or its login (a backup moved from an old
    /// device carries that device's writes); or, for a login that named no replica, one no account
    /// writes with yet (it becomes this account's). A replica of another account never: an edit can
    /// then never be shown as made on someone else's device.
    private func checkReplica(_ change: Change, accounts: [ReplicaID: UUID], logins: [ReplicaID: UUID]) -> Rejection? {
        let replica = change.at.replica
        if let account = accounts[replica] ?? logins[replica] {
            guard account == rules.identity.account.id else {
                return Rejection(code: Rejection.Code.forbidden, message: "replica \(replica) writes for another account", field: "at")
            }
            return nil
        }
        if let own = rules.identity.replica, replica != own {
            return Rejection(
                code: Rejection.Code.forbidden,
                message: "this device logged in as replica \(own); a change stamped by replica \(replica) is not its own",
                field: "at"
            )
        }
        return nil
    }

    /// Whether merging the change into `state` would change nothing.
    private static func alreadyHeld(_ change: Change, in state: EntityState) -> Bool {
        var trial = state
        do {
            try trial.apply(change)
        } catch {
            return false
        }
        return trial == state
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
}
