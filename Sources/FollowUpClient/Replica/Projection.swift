import FollowUpCore
import Foundation
import GRDB
import SQLiteBinding

/// Keeps the record tables in step with entity states: each save rewrites the entity's row in
/// `entities` and in the table of its type, in the caller's transaction.
///
/// One projection serves a whole transaction and prepares each of its statements once: a pulled
/// page saves thousands of records, and looking a statement up by its text for each of them cost
/// more than some of the statements themselves.
struct Projection {
    private let db: Database
    private var prepared = [BoundStatement?](repeating: nil, count: Query.allCases.count)

    init(_ db: Database) {
        self.db = db
    }

    /// `isNew` says the replica has no row for this entity yet, which spares the statements that
    /// clear or read its previous projection (a first sync saves thousands of new records).
    mutating func save(_ state: EntityState, encoded: Data, isNew: Bool) throws {
        try save(ProjectionRow(state), encoded: encoded, isNew: isNew)
    }

    /// Writes a record's rows as ``ProjectionRow`` worked them out from its state.
    mutating func save(_ row: ProjectionRow, encoded: Data, isNew: Bool) throws {
        let id = row.id
        var entity = try statement(.entity)
        entity.bind(id)
        entity.bind(row.type.rawValue)
        entity.bind(row.owner)
        entity.bind(row.isDeleted)
        entity.bind(row.lastChangedMillis)
        entity.bind(encoded)
        try entity.execute()

        switch row.columns {
        case let .interview(columns):
            var interview = try statement(.interview)
            for text in [
                id, row.owner, columns.company, columns.position, columns.date, columns.time, columns.timeZone, columns.format,
                columns.location, columns.decisionDate, columns.status,
            ] {
                interview.bind(text)
            }
            interview.bind(row.isDeleted)
            try interview.execute()
            var copies = try statement(.copies)
            copies.bind(columns.company)
            copies.bind(columns.position)
            copies.bind(row.isDeleted)
            copies.bind(id)
            try copies.execute()
            if !isNew {
                try db.cachedStatement(sql: "DELETE FROM interview_interviewers WHERE interview_id = ?").execute(arguments: [id])
            }
            for (position, interviewer) in columns.interviewers.enumerated() {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO interview_interviewers (interview_id, interviewer_id, position) VALUES (?, ?, ?)")
                    .execute(arguments: [id, interviewer, position])
            }
        case let .interviewer(columns):
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO interviewers (id, owner_id, name, title, email, phone, address, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [id, row.owner, columns.name, columns.title, columns.email, columns.phone, columns.address, row.isDeleted])
            try db.cachedStatement(sql: "UPDATE follow_ups SET recipient_name = ? WHERE recipient_id = ?").execute(arguments: [columns.name, id])
        case let .note(columns):
            try db.cachedStatement(
                sql:
                    "INSERT OR REPLACE INTO notes (id, owner_id, interview_id, kind, text, addition, interviewer_id, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [id, row.owner, columns.interview, columns.kind, columns.text, columns.addition, columns.interviewer, row.isDeleted])
        case let .followUp(columns):
            let previous =
                isNew ? nil : try Row.fetchOne(db.cachedStatement(sql: "SELECT interview_id, is_open FROM follow_ups WHERE id = ?"), arguments: [id])
            let previousInterview: String? = previous?[0]
            let wasOpen: Bool = previous?[1] ?? false
            // What the listing copies from the interview and the recipient, read by key first and
            // inserted as VALUES: as one INSERT … SELECT, 10,000 follow-ups took 133 ms against
            // 79 ms (Python's sqlite3 on this machine).
            var company: String?
            var position: String?
            var interviewDeleted = false
            if let interview = columns.interview {
                var source = try statement(.followUpSource)
                source.bind(interview)
                try source.forEachRow { row in
                    company = row.text(0)
                    position = row.text(1)
                    interviewDeleted = row.int64(2) == 1
                }
            }
            var recipientName: String?
            if let recipient = columns.recipient {
                var name = try statement(.recipientName)
                name.bind(recipient)
                try name.forEachRow { row in recipientName = row.text(0) }
            }
            var followUp = try statement(.followUp)
            for text in [
                id, row.owner, columns.interview, columns.kind, columns.channel, columns.recipient, columns.earliest, columns.latest,
                columns.status, columns.snoozedUntil, columns.doneAt, columns.outcome, columns.reason,
            ] {
                followUp.bind(text)
            }
            followUp.bind(columns.attempts)
            followUp.bind(row.isDeleted)
            followUp.bind(columns.isOpen)
            followUp.bind(company)
            followUp.bind(position)
            followUp.bind(interviewDeleted)
            followUp.bind(recipientName)
            try followUp.execute()
            // Keep the interviews' open counts by difference: this one moved out of one count and into another.
            if previousInterview != columns.interview || wasOpen != columns.isOpen {
                var adjust = try statement(.adjustOpenCount)
                if let previousInterview, wasOpen {
                    adjust.bind(-1)
                    adjust.bind(previousInterview)
                    try adjust.execute()
                }
                if let interview = columns.interview, columns.isOpen {
                    adjust.bind(1)
                    adjust.bind(interview)
                    try adjust.execute()
                }
            }
        case .none:
            break
        }
    }

    private enum Query: Int, CaseIterable {
        case entity, interview, copies, followUpSource, recipientName, followUp, adjustOpenCount

        var sql: String {
            switch self {
            case .entity:
                """
                INSERT INTO entities (id, type, owner_id, deleted, last_changed_ms, state) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET deleted = excluded.deleted, last_changed_ms = excluded.last_changed_ms, state = excluded.state
                """
            case .interview:
                """
                INSERT OR REPLACE INTO interviews
                (id, owner_id, company, position, date, time, time_zone, format, location, decision_date, status, deleted, open_follow_ups)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        (SELECT COUNT(*) FROM follow_ups WHERE interview_id = ?1 AND is_open = 1 AND deleted = 0))
                """
            case .copies: "UPDATE follow_ups SET company = ?, position = ?, interview_deleted = ? WHERE interview_id = ?"
            case .followUpSource: "SELECT company, position, deleted FROM interviews WHERE id = ?"
            case .recipientName: "SELECT name FROM interviewers WHERE id = ?"
            case .followUp:
                """
                INSERT OR REPLACE INTO follow_ups
                (id, owner_id, interview_id, kind, channel, recipient_id, earliest, latest, status, snoozed_until, done_at, outcome,
                 reason, attempts, deleted, is_open, company, position, interview_deleted, recipient_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            case .adjustOpenCount: "UPDATE interviews SET open_follow_ups = open_follow_ups + ? WHERE id = ?"
            }
        }
    }

    private mutating func statement(_ query: Query) throws -> BoundStatement {
        if let statement = prepared[query.rawValue] { return statement }
        let statement = try BoundStatement(query.sql, in: db)
        prepared[query.rawValue] = statement
        return statement
    }

    /// Forgets every record of an owner (a counselor's assignment ended).
    static func removeOwner(_ owner: UUID, in db: Database) throws {
        let id = owner.lowercased
        try db.execute(
            sql: "DELETE FROM interview_interviewers WHERE interview_id IN (SELECT id FROM interviews WHERE owner_id = ?)",
            arguments: [id]
        )
        for table in ["interviews", "interviewers", "notes", "follow_ups", "entities"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE owner_id = ?", arguments: [id])
        }
    }
}
