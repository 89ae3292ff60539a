import FollowUpCore
import Foundation
import GRDB

/// Keeps the record tables in step with entity states: each save rewrites the entity's row in
/// `entities` and in the table of its type, in the caller's transaction.
enum Projection {
    static func save(_ state: EntityState, encoded: Data, in db: Database) throws {
        let id = state.id.lowercased
        let owner = state.owner.lowercased
        try db.cachedStatement(
            sql: """
                INSERT INTO entities (id, type, owner_id, deleted, last_changed_ms, state) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET deleted = excluded.deleted, last_changed_ms = excluded.last_changed_ms, state = excluded.state
                """
        ).execute(arguments: [id, state.type.rawValue, owner, state.isDeleted, Int64(state.lastChanged?.millis ?? 0), encoded])

        switch state.type {
        case .interview:
            guard let interview = Interview(state) else { return }
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO interviews
                    (id, owner_id, company, position, date, time, time_zone, format, location, decision_date, status, deleted, open_follow_ups)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                            (SELECT COUNT(*) FROM follow_ups WHERE interview_id = ?1 AND is_open = 1 AND deleted = 0))
                    """
            ).execute(arguments: [
                id, owner, interview.company, interview.position, interview.date?.description, state.string(Interview.Field.time),
                state.string(Interview.Field.timeZone), state.string(Interview.Field.format), interview.location,
                interview.decisionDate?.description, state.string(Interview.Field.status), interview.isDeleted,
            ])
            try db.cachedStatement(sql: "UPDATE follow_ups SET company = ?, position = ?, interview_deleted = ? WHERE interview_id = ?")
                .execute(arguments: [interview.company, interview.position, interview.isDeleted, id])
            try db.execute(sql: "DELETE FROM interview_interviewers WHERE interview_id = ?", arguments: [id])
            for (position, interviewer) in interview.interviewerIDs.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO interview_interviewers (interview_id, interviewer_id, position) VALUES (?, ?, ?)")
                    .execute(arguments: [id, interviewer.lowercased, position])
            }
        case .interviewer:
            guard let person = Interviewer(state) else { return }
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO interviewers (id, owner_id, name, title, email, phone, address, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [id, owner, person.name, person.title, person.email, person.phone, person.address, person.isDeleted])
            try db.cachedStatement(sql: "UPDATE follow_ups SET recipient_name = ? WHERE recipient_id = ?").execute(arguments: [person.name, id])
        case .note:
            guard let note = DebriefNote(state) else { return }
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO notes (id, owner_id, interview_id, kind, text, addition, interviewer_id, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                id, owner, note.interviewID?.lowercased, state.string(DebriefNote.Field.kind), note.text, note.addition,
                note.interviewerID?.lowercased, note.isDeleted,
            ])
        case .followUp:
            guard let task = FollowUp(state) else { return }
            let interview = task.interviewID?.lowercased
            let previousInterview = try String.fetchOne(
                db, sql: "SELECT interview_id FROM follow_ups WHERE id = ?", arguments: [id])
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO follow_ups
                    (id, owner_id, interview_id, kind, channel, recipient_id, earliest, latest, status, snoozed_until, done_at, outcome,
                     reason, attempts, deleted, is_open, company, position, interview_deleted, recipient_name)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                            (SELECT company FROM interviews WHERE id = ?3), (SELECT position FROM interviews WHERE id = ?3),
                            COALESCE((SELECT deleted FROM interviews WHERE id = ?3), 0), (SELECT name FROM interviewers WHERE id = ?6))
                    """
            ).execute(arguments: [
                id, owner, interview, state.string(FollowUp.Field.kind), state.string(FollowUp.Field.channel),
                task.recipientID?.lowercased, task.earliest?.description, task.latest?.description, state.string(FollowUp.Field.status),
                task.snoozedUntil?.description, task.doneAt, task.outcome, task.reason, task.attempts.count, task.isDeleted, task.isOpen,
            ])
            for affected in Set([interview, previousInterview].compactMap { $0 }) {
                try db.cachedStatement(
                    sql: """
                        UPDATE interviews SET open_follow_ups =
                            (SELECT COUNT(*) FROM follow_ups WHERE interview_id = ?1 AND is_open = 1 AND deleted = 0)
                        WHERE id = ?1
                        """
                ).execute(arguments: [affected])
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
