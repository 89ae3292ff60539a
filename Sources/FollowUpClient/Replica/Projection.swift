import FollowUpCore
import Foundation
import GRDB
import SQLiteBinding

/// Keeps the record tables in step with entity states: each save rewrites the entity's row in
/// `entities` and in the table of its type, in the caller's transaction.
enum Projection {
    /// `isNew` says the replica has no row for this entity yet, which spares the statements that
    /// clear or read its previous projection (a first sync saves thousands of new records).
    static func save(_ state: EntityState, encoded: Data, isNew: Bool, in db: Database) throws {
        let id = state.id.lowercased
        let owner = state.owner.lowercased
        var entity = try BoundStatement(
            """
            INSERT INTO entities (id, type, owner_id, deleted, last_changed_ms, state) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET deleted = excluded.deleted, last_changed_ms = excluded.last_changed_ms, state = excluded.state
            """, in: db)
        entity.bind(id)
        entity.bind(state.type.rawValue)
        entity.bind(owner)
        entity.bind(state.isDeleted)
        entity.bind(Int64(state.lastChanged?.millis ?? 0))
        entity.bind(encoded)
        try entity.execute()

        switch state.type {
        case .interview:
            typealias Field = Interview.Field
            let company = state.text(Field.company)
            let position = state.text(Field.position)
            var interview = try BoundStatement(
                """
                INSERT OR REPLACE INTO interviews
                (id, owner_id, company, position, date, time, time_zone, format, location, decision_date, status, deleted, open_follow_ups)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        (SELECT COUNT(*) FROM follow_ups WHERE interview_id = ?1 AND is_open = 1 AND deleted = 0))
                """, in: db)
            for text in [
                id, owner, company, position, state.string(Field.date), state.string(Field.time), state.string(Field.timeZone),
                state.string(Field.format), state.text(Field.location), state.string(Field.decisionDate), state.string(Field.status),
            ] {
                interview.bind(text)
            }
            interview.bind(state.isDeleted)
            try interview.execute()
            var copies = try BoundStatement("UPDATE follow_ups SET company = ?, position = ?, interview_deleted = ? WHERE interview_id = ?", in: db)
            copies.bind(company)
            copies.bind(position)
            copies.bind(state.isDeleted)
            copies.bind(id)
            try copies.execute()
            if !isNew {
                try db.cachedStatement(sql: "DELETE FROM interview_interviewers WHERE interview_id = ?").execute(arguments: [id])
            }
            for (position, interviewer) in (state.sets[Field.interviewers]?.presentInOrderAdded ?? []).enumerated() {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO interview_interviewers (interview_id, interviewer_id, position) VALUES (?, ?, ?)")
                    .execute(arguments: [id, interviewer.lowercased(), position])
            }
        case .interviewer:
            typealias Field = Interviewer.Field
            let name = state.text(Field.name)
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO interviewers (id, owner_id, name, title, email, phone, address, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                id, owner, name, state.text(Field.title), state.text(Field.email), state.text(Field.phone), state.text(Field.address),
                state.isDeleted,
            ])
            try db.cachedStatement(sql: "UPDATE follow_ups SET recipient_name = ? WHERE recipient_id = ?").execute(arguments: [name, id])
        case .note:
            typealias Field = DebriefNote.Field
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO notes (id, owner_id, interview_id, kind, text, addition, interviewer_id, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                id, owner, state.string(Field.interview)?.lowercased(), state.string(Field.kind), state.text(Field.text), state.text(Field.addition),
                state.string(Field.interviewer)?.lowercased(), state.isDeleted,
            ])
        case .followUp:
            typealias Field = FollowUp.Field
            let interview = state.string(Field.interview)?.lowercased()
            let status = state.string(Field.status)
            // Open unless done or skipped (an unknown status counts as open), as FollowUp.isOpen says.
            let isOpen = !state.isDeleted && FollowUp.Status(rawValue: status ?? "")?.isOpen ?? true
            let previous =
                isNew ? nil : try Row.fetchOne(db.cachedStatement(sql: "SELECT interview_id, is_open FROM follow_ups WHERE id = ?"), arguments: [id])
            let previousInterview: String? = previous?[0]
            let wasOpen: Bool = previous?[1] ?? false
            var followUp = try BoundStatement(
                """
                INSERT OR REPLACE INTO follow_ups
                (id, owner_id, interview_id, kind, channel, recipient_id, earliest, latest, status, snoozed_until, done_at, outcome,
                 reason, attempts, deleted, is_open, company, position, interview_deleted, recipient_name)
                SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                       i.company, i.position, COALESCE(i.deleted, 0), (SELECT name FROM interviewers WHERE id = ?6)
                FROM (SELECT 1) LEFT JOIN interviews i ON i.id = ?3
                """, in: db)
            for text in [
                id, owner, interview, state.string(Field.kind), state.string(Field.channel), state.string(Field.recipient)?.lowercased(),
                state.string(Field.earliest), state.string(Field.latest), status, state.string(Field.snoozedUntil), state.text(Field.doneAt),
                state.text(Field.outcome), state.text(Field.reason),
            ] {
                followUp.bind(text)
            }
            followUp.bind(state.sets[Field.attempts]?.present.count ?? 0)
            followUp.bind(state.isDeleted)
            followUp.bind(isOpen)
            try followUp.execute()
            // Keep the interviews' open counts by difference: this one moved out of one count and into another.
            if previousInterview != interview || wasOpen != isOpen {
                let adjust = try db.cachedStatement(sql: "UPDATE interviews SET open_follow_ups = open_follow_ups + ? WHERE id = ?")
                if let previousInterview, wasOpen { try adjust.execute(arguments: [-1, previousInterview]) }
                if let interview, isOpen { try adjust.execute(arguments: [1, interview]) }
            }
        default:
            break  // A type this version does not know: kept and relayed, not listed.
        }
    }

    /// Forgets every record of an owner (a counselor's assignment ended).
    static func removeOwner(_ owner: UUID, in db: Database) throws {
        let id = owner.lowercased
        try db.execute(
            sql: "DELETE FROM interview_interviewers WHERE interview_id IN (SELECT id FROM interviews WHERE owner_id = ?)", arguments: [id])
        for table in ["interviews", "interviewers", "notes", "follow_ups", "entities"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE owner_id = ?", arguments: [id])
        }
    }
}
