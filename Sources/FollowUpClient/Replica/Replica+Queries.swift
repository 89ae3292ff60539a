public import FollowUpCore
import FollowUpProtocol
import FollowUpWire
public import Foundation
import GRDB
import SQLiteBinding

extension Replica {
    /// Finds a record by id or by a unique prefix of at least 4 characters of its id.
    public func resolve(_ text: String, as types: [EntityType] = []) throws -> UUID {
        let prefix = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let id = UUID(uuidString: prefix) { return id }
        guard prefix.count >= 4, prefix.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw ClientError.invalidInput("\"\(text)\" is not a record id; give at least 4 characters of an id from a listing")
        }
        let kinds = types.isEmpty ? "" : " AND type IN (\(types.map { "'\($0.rawValue)'" }.joined(separator: ",")))"
        let ids = try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT id FROM entities WHERE id >= ? AND id < ?\(kinds) ORDER BY id LIMIT 10",
                arguments: [prefix, prefix + "\u{FFFF}"]
            )
        }
        let noun = types.count == 1 ? (types.first?.rawValue ?? "record") : "record"
        switch ids.count {
        case 0: throw ClientError.notFound("no \(noun) has an id starting with \(prefix)")
        case 1:
            guard let id = UUID(text: ids[0]) else { throw ClientError.storage("a stored record id is not a UUID: \(ids[0].prefix(40))") }
            return id
        default: throw ClientError.ambiguous(prefix: prefix, candidates: ids.map { String($0.prefix(12)) })
        }
    }

    /// The whole current state of one record.
    public func state(of id: UUID) throws -> EntityState? {
        try read { db in try ReplicaStore.state(of: id, in: db) }
    }

    /// Interviews, newest first.
    public func interviews(owner: UUID? = nil, includeDeleted: Bool = false, status: Interview.Status? = nil) throws -> [InterviewSummary] {
        var summaries: [InterviewSummary] = []
        try forEachInterview(owner: owner, includeDeleted: includeDeleted, status: status) { summaries.append($0.summary) }
        return summaries
    }

    /// The same interviews as ``interviews(owner:includeDeleted:status:)``, in the same order, handed
    /// to `body` as they are read: a listing of a whole caseload writes them out without a value per row.
    public func forEachInterview(
        owner: UUID? = nil,
        includeDeleted: Bool = false,
        status: Interview.Status? = nil,
        _ body: (InterviewRow) throws -> Void
    ) throws {
        try read { db in
            var conditions: [String] = []
            if owner != nil { conditions.append("i.owner_id = ?") }
            if !includeDeleted { conditions.append("i.deleted = 0") }
            if status != nil { conditions.append("i.status = ?") }
            var names = try OwnerNames(db)
            // Read through SQLite's C interface, columns by position (as InterviewRow.Text numbers
            // them): GRDB's row decoding cost more than the query itself.
            var query = try BoundStatement(
                """
                SELECT i.id, i.owner_id, i.company, i.position, i.date, i.time, i.format, i.status, i.open_follow_ups, i.deleted
                FROM interviews i
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY i.date DESC, i.time DESC, i.company
                """,
                in: db
            )
            if let owner { owner.withLowercasedUTF8 { query.bind(text: $0) } }
            if let status { query.bind(status.rawValue) }
            try query.forEachRow { row in try body(InterviewRow(row: row, seeker: names.name(row, column: 1))) }
        }
    }

    /// Follow-ups as of `today`: overdue first, then due, then upcoming; closed ones last (see ``FollowUpOrder``).
    public func followUps(_ filter: FollowUpFilter, owner: UUID? = nil, interview: UUID? = nil, on today: LocalDate? = nil) throws -> [FollowUpItem] {
        var keyed: [(order: FollowUpOrder, item: FollowUpItem)] = []
        try forEachFollowUp(filter, owner: owner, interview: interview, on: today) { keyed.append(($0.order, $0.item)) }
        keyed.sort { $0.order < $1.order }
        return keyed.map(\.item)
    }

    /// The same follow-ups as ``followUps(_:owner:interview:on:)``, handed to `body` as they are
    /// read, in no particular order (``FollowUpRow/order`` says where each goes): a to-do listing of
    /// a whole caseload writes them out without a value per row.
    public func forEachFollowUp(
        _ filter: FollowUpFilter,
        owner: UUID? = nil,
        interview: UUID? = nil,
        on today: LocalDate? = nil,
        _ body: (FollowUpRow) throws -> Void
    ) throws {
        let today = today ?? self.today
        try read { db in
            var conditions = ["f.deleted = 0", "f.interview_deleted = 0"]
            let horizon: LocalDate
            switch filter {
            case .today: horizon = today
            case .week: horizon = today.adding(days: 6)
            case .overdue: horizon = today.adding(days: -1)
            case .open, .all: horizon = LocalDate(daysSinceEpoch: 3_000_000)
            }
            if filter != .all { conditions.append("f.is_open = 1") }
            var dates: [String] = []
            if filter == .overdue {
                conditions.append("f.latest < ?")
                dates.append(today.description)
            } else if filter != .open && filter != .all {
                conditions.append("(f.earliest IS NULL OR f.earliest <= ?)")
                dates.append(horizon.description)
            }
            if filter != .open && filter != .all {
                conditions.append("(f.snoozed_until IS NULL OR f.snoozed_until <= ?)")
                dates.append(filter == .overdue ? today.description : horizon.description)
            }
            if owner != nil { conditions.append("f.owner_id = ?") }
            if interview != nil { conditions.append("f.interview_id = ?") }
            var names = try OwnerNames(db)
            // Columns by position, as FollowUpRow reads them.
            var query = try BoundStatement(
                """
                SELECT f.id, f.owner_id, f.interview_id, f.company, f.position, f.kind, f.channel, f.recipient_name, f.earliest, f.latest,
                       f.status, f.snoozed_until, f.done_at, f.outcome, f.attempts, f.is_open
                FROM follow_ups f
                WHERE \(conditions.joined(separator: " AND "))
                """,
                in: db
            )
            for date in dates { query.bind(date) }
            if let owner { owner.withLowercasedUTF8 { query.bind(text: $0) } }
            if let interview { interview.withLowercasedUTF8 { query.bind(text: $0) } }
            try query.forEachRow { row in try body(FollowUpRow(row: row, seeker: names.name(row, column: 1), today: today)) }
        }
    }

    /// Per seeker visible here (a counselor's caseload): overdue and this week's follow-ups, and
    /// how long since anything of theirs changed.
    public func caseload(on today: LocalDate? = nil) throws -> [CaseloadEntry] {
        let today = today ?? self.today
        let week = today.adding(days: 6).description
        let now = now()
        return try read { db in
            let mine = try Self.session(db)?.account.id.lowercased
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.username, p.display_name,
                      (SELECT COUNT(*) FROM interviews i WHERE i.owner_id = p.id AND i.deleted = 0) AS interviews,
                      (SELECT COUNT(*) FROM follow_ups f WHERE f.owner_id = p.id AND f.is_open = 1 AND f.deleted = 0 AND f.latest < :today
                         AND (f.snoozed_until IS NULL OR f.snoozed_until <= :today)) AS overdue,
                      (SELECT COUNT(*) FROM follow_ups f WHERE f.owner_id = p.id AND f.is_open = 1 AND f.deleted = 0
                         AND (f.earliest IS NULL OR f.earliest <= :week) AND (f.latest IS NULL OR f.latest >= :today)
                         AND (f.snoozed_until IS NULL OR f.snoozed_until <= :week)) AS week,
                      (SELECT MAX(last_changed_ms) FROM entities e WHERE e.owner_id = p.id) AS last
                    FROM people p WHERE p.role = 'seeker' AND p.id != COALESCE(:mine, '')
                    ORDER BY overdue DESC, p.username
                    """,
                arguments: ["today": today.description, "week": week, "mine": mine]
            )
            return rows.map { row in
                let last = (row["last"] as Int64?).map { Date(timeIntervalSince1970: Double($0) / 1000) }
                return CaseloadEntry(
                    seeker: row["id"],
                    username: row["username"],
                    displayName: row["display_name"],
                    interviews: row["interviews"],
                    overdue: row["overdue"],
                    dueThisWeek: row["week"],
                    lastActivity: last,
                    daysSinceActivity: last.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) }
                )
            }
        }
    }

    /// The seeker whose records a command acts on: `name` for a counselor, else the user themself.
    public func owner(named name: String?) throws -> UUID {
        let session = try requireSession()
        guard let name else {
            if session.account.role == .seeker { return session.account.id }
            throw ClientError.invalidInput("as a \(session.account.role.rawValue), say whose records: --seeker NAME (see `followup caseload`)")
        }
        let wanted = name.lowercased()
        if wanted == session.account.username, session.account.role == .seeker { return session.account.id }
        let found = try read { db in
            try String.fetchOne(db, sql: "SELECT id FROM people WHERE role = 'seeker' AND username = ?", arguments: [wanted])
        }
        guard let found, let id = UUID(uuidString: found) else {
            throw ClientError.notFound("no seeker named \(name) is visible on this replica; sync first, or check `followup caseload`")
        }
        return id
    }

    /// Display names by account id, and accounts by replica id, for history.
    func directory(_ db: Database) throws -> (people: [String: String], replicas: [String: (account: String, device: String)]) {
        var people: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, display_name FROM people") { people[row["id"]] = row["display_name"] }
        var replicas: [String: (String, String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT replica, account_id, device FROM replicas") {
            replicas[row["replica"]] = (row["account_id"], row["device"])
        }
        return (people, replicas)
    }

    public func status(home: URL) throws -> ReplicaStatus {
        try read { db in
            let session = try Self.session(db)
            return ReplicaStatus(
                home: home.path,
                replica: replicaID.description,
                server: session?.serverURL,
                account: session?.account.username,
                role: session?.account.role.rawValue,
                device: session?.device,
                loggedIn: session?.token != nil,
                queuedChanges: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0,
                rejectedChanges: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rejected") ?? 0,
                lastSync: try Meta.get(.lastSyncAt, db),
                conflictsAtLastSync: Int(try Meta.get(.lastSyncConflicts, db) ?? "0") ?? 0,
                records: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entities WHERE deleted = 0") ?? 0
            )
        }
    }

    public func conflicts(limit: Int = 100) throws -> [ConflictRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.*, e.type FROM conflicts c LEFT JOIN entities e ON e.id = c.entity_id
                    ORDER BY c.noticed_at DESC, c.entity_id, c.field LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                ConflictRecord(
                    record: row["entity_id"],
                    type: row["type"],
                    field: row["field"],
                    lostValue: row["lost_value"],
                    lostAt: row["lost_at"],
                    keptValue: row["winner_value"],
                    keptAt: row["winner_at"],
                    noticedAt: row["noticed_at"]
                )
            }
        }
    }

    /// Changes the server refused, set aside.
    public func rejectedChanges() throws -> [(change: Change, code: String, message: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT change, code, message FROM rejected ORDER BY rejected_at").map { row in
                let change: Change
                do {
                    change = try Change.decode(json: row["change"])
                } catch {
                    throw ClientError.storage("a rejected change could not be read: \(error)")
                }
                return (change, row["code"], row["message"])
            }
        }
    }
}
