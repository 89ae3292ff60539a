public import FollowUpCore
import FollowUpProtocol
import FollowUpWire
public import Foundation
import GRDB

/// CSV, JSON backup and iCalendar exports of a replica.
extension Replica {
    public func backup() throws -> ReplicaBackup {
        try read { db in
            let entities = try Data.fetchAll(db, sql: "SELECT state FROM entities ORDER BY type, id").map(ReplicaStore.decode)
            let people = try Row.fetchAll(db, sql: "SELECT * FROM people ORDER BY username").map { row in
                guard let id = UUID(text: row["id"] as String), let role = Role(rawValue: row["role"]) else {
                    throw ClientError.storage("a stored person has no valid id or role (\(row["username"] as String? ?? "no name"))")
                }
                return AccountInfo(id: id, username: row["username"], displayName: row["display_name"], role: role, disabled: row["disabled"])
            }
            let replicas = try Row.fetchAll(db, sql: "SELECT * FROM replicas ORDER BY replica").map { row in
                guard let replica = ReplicaID(hex: row["replica"] as String), let account = UUID(text: row["account_id"] as String) else {
                    throw ClientError.storage("a stored device has no valid replica id or account (\(row["device"] as String? ?? "no name"))")
                }
                return ReplicaInfo(replica: replica, account: account, device: row["device"])
            }
            return ReplicaBackup(
                format: ReplicaBackup.formatName,
                version: 1,
                exportedAt: now(),
                account: try Self.session(db)?.account,
                entities: entities,
                people: people,
                replicas: replicas
            )
        }
    }

    /// What `import` did: records new to this replica, records it held and merged with the
    /// backup's copy, and changes queued for the server.
    public struct ImportSummary: Sendable, Equatable {
        public var added: Int
        public var merged: Int
        public var queued: Int
    }

    /// Merges a backup into this replica, empty or not: records it lacks are added, records it
    /// holds are merged as a pull merges them, so nothing on either side is lost. Unless
    /// `queueForServer` is false, every write in the backup is also queued as a change stamped as
    /// it was made (the server takes a moved device's writes from another device of the same
    /// account, and answers those it already has as duplicates), so a new device carries an old
    /// one's offline work to the server.
    public func restore(_ backup: ReplicaBackup, queueForServer: Bool = true) throws -> ImportSummary {
        guard backup.format == ReplicaBackup.formatName, backup.version == 1 else {
            throw ClientError.invalidInput("this is not a FollowUp backup (format \(backup.format) version \(backup.version))")
        }
        let wall = Self.millis(now())
        return try storage {
            try queue.write { db in
                if let owner = backup.account, let session = try Self.session(db), session.account.id != owner.id {
                    throw ClientError.invalidInput(
                        "this backup holds \(owner.username)'s records and this replica is \(session.account.username)'s; import it in a replica of \(owner.username)'s (another FOLLOWUP_HOME)"
                    )
                }
                var seen = Set<UUID>()
                for state in backup.entities where !seen.insert(state.id).inserted {
                    throw ClientError.invalidInput("the backup holds record \(state.id.lowercased) twice; it is damaged")
                }
                var clock = HybridLogicalClock(replica: replicaID, last: try Meta.get(.clock, db).flatMap { Timestamp($0) })
                var held = try ReplicaStore.states(of: backup.entities.map(\.id), in: db)
                var projection = Projection(db)
                var summary = ImportSummary(added: 0, merged: 0, queued: 0)
                for state in backup.entities {
                    if var merged = held[state.id] {
                        do {
                            try merged.merge(state)
                        } catch {
                            throw ClientError.invalidInput(
                                "record \(state.id.lowercased) in the backup cannot be merged with this replica's (\(error)); nothing was imported"
                            )
                        }
                        if merged != held[state.id] {
                            try projection.save(ProjectionRow(merged), encoded: merged.jsonData, isNew: false)
                            summary.merged += 1
                        }
                        held[state.id] = merged
                    } else {
                        try projection.save(state, encoded: state.jsonData, isNew: true)
                        summary.added += 1
                    }
                    // Later edits here must stamp after everything imported.
                    if let last = state.lastChanged { try? clock.receive(last, wallMillis: wall) }
                    guard queueForServer else { continue }
                    for change in state.rebuildingChanges() {
                        try db.execute(
                            sql: "INSERT OR IGNORE INTO outbox (change_id, entity_id, change) VALUES (?, ?, ?)",
                            arguments: [change.id.lowercased, state.id.lowercased, change.jsonData]
                        )
                        summary.queued += db.changesCount
                    }
                }
                try Meta.set(.clock, clock.last.description, db)
                try PeopleDirectory.save(people: backup.people, replicas: backup.replicas, replacing: false, in: db)
                return summary
            }
        }
    }

    /// One row per follow-up, with its interview (RFC 4180 CSV).
    public func csv(owner: UUID? = nil) throws -> String {
        let items = try followUps(.all, owner: owner)
        let interviews = try read { db in
            try Row.fetchAll(db, sql: "SELECT id, date FROM interviews").reduce(into: [String: String]()) { $0[$1["id"]] = $1["date"] }
        }
        var lines = [
            [
                "follow_up_id", "seeker", "interview_id", "company", "position", "interview_date", "kind", "channel", "recipient", "earliest",
                "latest", "status", "urgency", "done_at", "outcome",
            ].joined(separator: ",")
        ]
        for item in items {
            let fields: [String?] = [
                item.id, item.seeker, item.interviewID, item.company, item.position, item.interviewID.flatMap { interviews[$0] }, item.kind,
                item.channel, item.recipient, item.earliest?.description,
                item.latest?.description, item.status, item.urgency, item.doneAt, item.outcome,
            ]
            lines.append(fields.map { Self.csvField($0 ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Interviews as events and follow-ups as to-dos (RFC 5545), with stable UIDs.
    public func iCalendar(owner: UUID? = nil, fallbackZone: TimeZone = .current) throws -> String {
        let states = try read { db in
            try Data.fetchAll(db, sql: "SELECT state FROM entities WHERE deleted = 0 AND type IN ('interview', 'interviewer', 'follow-up')")
                .map(ReplicaStore.decode)
        }.filter { owner == nil || $0.owner == owner }
        return CalendarDocument(form: .export(fallbackZone: fallbackZone), name: "FollowUp").write(states, now: now())
    }

    /// "Thank-you letter", "Thank-you email", "Follow-up call" …
    public static func taskTitle(kind: FollowUp.Kind?, channel: FollowUp.Channel?) -> String {
        CalendarDocument.taskTitle(kind: kind, channel: channel)
    }
}
