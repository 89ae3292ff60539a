public import FollowUpCore
import FollowUpProtocol
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
                db, sql: "SELECT id FROM entities WHERE id >= ? AND id < ?\(kinds) ORDER BY id LIMIT 10",
                arguments: [prefix, prefix + "\u{FFFF}"])
        }
        let noun = types.count == 1 ? (types.first?.rawValue ?? "record") : "record"
        switch ids.count {
        case 0: throw ClientError.notFound("no \(noun) has an id starting with \(prefix)")
        case 1: return UUID(uuidString: ids[0]) ?? UUID()
        default: throw ClientError.ambiguous(prefix: prefix, candidates: ids.map { String($0.prefix(12)) })
        }
    }

    /// The whole current state of one record.
    public func state(of id: UUID) throws -> EntityState? {
        try read { db in try ReplicaStore.state(of: id, in: db) }
    }

    /// Interviews, newest first.
    public func interviews(owner: UUID? = nil, includeDeleted: Bool = false, status: Interview.Status? = nil) throws -> [InterviewSummary] {
        try read { db in
            var conditions: [String] = []
            if owner != nil { conditions.append("i.owner_id = ?") }
            if !includeDeleted { conditions.append("i.deleted = 0") }
            if status != nil { conditions.append("i.status = ?") }
            let usernames = try Self.usernames(db)
            // Read through SQLite's C interface, columns by position: a listing reads every row of
            // a caseload, and GRDB's row decoding cost more than the query itself.
            var query = try BoundStatement(
                """
                SELECT i.id, i.owner_id, i.company, i.position, i.date, i.time, i.format, i.status, i.open_follow_ups, i.deleted
                FROM interviews i
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY i.date DESC, i.time DESC, i.company
                """, in: db)
            if let owner { owner.withLowercasedUTF8 { query.bind(text: $0) } }
            if let status { query.bind(status.rawValue) }
            var summaries: [InterviewSummary] = []
            try query.forEachRow { row in
                summaries.append(
                    InterviewSummary(
                        id: row.text(0) ?? "", seeker: row.text(1).flatMap { usernames[$0] }, company: row.text(2), position: row.text(3),
                        date: row.text(4).flatMap { LocalDate(iso: $0) }, time: row.text(5), format: row.text(6), status: row.text(7),
                        openFollowUps: Int(row.int64(8) ?? 0), deleted: row.int64(9) == 1))
            }
            return summaries
        }
    }

    /// Follow-ups as of `today`: overdue first, then due, then upcoming; closed ones last.
    public func followUps(_ filter: FollowUpFilter, owner: UUID? = nil, interview: UUID? = nil, on today: LocalDate? = nil) throws -> [FollowUpItem] {
        let today = today ?? self.today
        return try read { db in
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
            let usernames = try Self.usernames(db)
            var query = try BoundStatement(
                """
                SELECT f.id, f.owner_id, f.interview_id, f.company, f.position, f.kind, f.channel, f.recipient_name, f.earliest, f.latest,
                       f.status, f.snoozed_until, f.done_at, f.outcome, f.attempts, f.is_open
                FROM follow_ups f
                WHERE \(conditions.joined(separator: " AND "))
                """, in: db)
            for date in dates { query.bind(date) }
            if let owner { owner.withLowercasedUTF8 { query.bind(text: $0) } }
            if let interview { interview.withLowercasedUTF8 { query.bind(text: $0) } }
            var keyed: [(rank: Int, day: Int, item: FollowUpItem)] = []
            try query.forEachRow { row in keyed.append(Self.item(row, usernames: usernames, today: today)) }
            keyed.sort { ($0.rank, $0.day, $0.item.id) < ($1.rank, $1.day, $1.item.id) }
            return keyed.map(\.item)
        }
    }

    /// One listing row (columns by position, as the query above selects them), with its sort key:
    /// overdue first, then due, upcoming, snoozed and closed; earliest deadline first within each.
    static func item(_ row: BoundRow, usernames: [String: String], today: LocalDate) -> (rank: Int, day: Int, item: FollowUpItem) {
        let earliest = row.text(8).flatMap { LocalDate(iso: $0) }
        let latest = row.text(9).flatMap { LocalDate(iso: $0) }
        let snoozed = row.text(11).flatMap { LocalDate(iso: $0) }
        let urgency = FollowUp.urgency(isOpen: row.int64(15) == 1, earliest: earliest, latest: latest, snoozedUntil: snoozed, on: today)
        let (kind, rank): (String, Int)
        switch urgency {
        case .overdue: (kind, rank) = ("overdue", 0)
        case .due: (kind, rank) = ("due", 1)
        case .upcoming: (kind, rank) = ("upcoming", 2)
        case .snoozed: (kind, rank) = ("snoozed", 3)
        case .closed: (kind, rank) = ("closed", 4)
        }
        let item = FollowUpItem(
            id: row.text(0) ?? "", seeker: row.text(1).flatMap { usernames[$0] }, interviewID: row.text(2), company: row.text(3),
            position: row.text(4), kind: row.text(5), channel: row.text(6), recipient: row.text(7), earliest: earliest, latest: latest,
            status: row.text(10), snoozedUntil: snoozed, doneAt: row.text(12), outcome: row.text(13), attempts: Int(row.int64(14) ?? 0),
            urgency: kind, when: urgency.label)
        return (rank, (latest ?? earliest)?.daysSinceEpoch ?? Int.max, item)
    }

    /// Usernames by account id (a small table, read whole instead of joined into every row).
    static func usernames(_ db: Database) throws -> [String: String] {
        var names: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, username FROM people")
        while let row = try rows.next() { names[row[0]] = row[1] }
        return names
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
                arguments: ["today": today.description, "week": week, "mine": mine])
            return rows.map { row in
                let last = (row["last"] as Int64?).map { Date(timeIntervalSince1970: Double($0) / 1000) }
                return CaseloadEntry(
                    seeker: row["id"], username: row["username"], displayName: row["display_name"],
                    interviews: row["interviews"], overdue: row["overdue"], dueThisWeek: row["week"], lastActivity: last,
                    daysSinceActivity: last.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) })
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
                home: home.path, replica: replicaID.description, server: session?.serverURL, account: session?.account.username,
                role: session?.account.role.rawValue, device: session?.device, loggedIn: session?.token != nil,
                queuedChanges: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0,
                rejectedChanges: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rejected") ?? 0,
                lastSync: try Meta.get(.lastSyncAt, db),
                conflictsAtLastSync: Int(try Meta.get(.lastSyncConflicts, db) ?? "0") ?? 0,
                records: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entities WHERE deleted = 0") ?? 0)
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
                    record: row["entity_id"], type: row["type"], field: row["field"], lostValue: row["lost_value"],
                    lostAt: row["lost_at"], keptValue: row["winner_value"], keptAt: row["winner_at"], noticedAt: row["noticed_at"])
            }
        }
    }

    /// Changes the server refused, set aside.
    public func rejectedChanges() throws -> [(change: Change, code: String, message: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT change, code, message FROM rejected ORDER BY rejected_at").compactMap { row in
                guard let change = try? RecordCoding.decode(Change.self, from: row["change"]) else { return nil }
                return (change, row["code"], row["message"])
            }
        }
    }
}
