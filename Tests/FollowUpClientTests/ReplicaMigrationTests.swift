import FollowUpCore
import FollowUpProtocol
import FollowUpTestSupport
import Foundation
import GRDB
import Testing

@testable import FollowUpClient

/// A replica file written by an earlier release opens in this one with nothing lost: the schema
/// is migrated in place, one released step after another.
@Suite("Replica schema migrations")
struct ReplicaMigrationTests {
    @Test("a replica at schema v1 (the first release) opens at the current schema with its records, queue, session and listings")
    func fromFirstRelease() throws {
        // Records, follow-ups and a queue, as a user of this release has them …
        let (source, sourceDirectory) = try ReplicaTests.replica()
        defer { try? FileManager.default.removeItem(at: sourceDirectory) }
        var ids: [UUID] = []
        for (index, company) in ["Acme", "Contoso", "Initech"].enumerated() {
            var input = InterviewInput()
            input.company = company
            input.date = LocalDate(year: 2026, month: 11, day: 20 + index)
            let id = try source.addInterview(owner: ReplicaTests.ana, input)
            _ = try source.addNote(to: id, kind: .strongPoint, text: "cut shipping errors by 30%")
            ids.append(id)
        }

        // … copied row by row into a file that has only the first release's schema.
        let directory = try makeTemporaryDirectory("replica-v1")
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = try DatabaseQueue(path: directory.appendingPathComponent(Replica.fileName).path)
        try ReplicaSchema.migrator.migrate(old, upTo: "v1")
        try old.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [sourceDirectory.appendingPathComponent(Replica.fileName).path])
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'"
            )
            #expect(tables.contains("entities") && tables.contains("outbox") && tables.contains("follow_ups"))
            for table in tables {
                try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM source.\(table)")
            }
            try db.execute(sql: "DETACH DATABASE source")
        }
        #expect(try old.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") } == ["v1"])
        #expect(try old.read { db in try Self.indexes(db) }.contains("entities_type"), "v1's index is there before migrating")
        try old.close()

        // Opening it migrates it, and everything reads as it did.
        let migrated = try Replica(directory: directory)
        let applied = try migrated.queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(applied == ReplicaSchema.migrator.migrations)
        let indexes = try migrated.queue.read { db in try Self.indexes(db) }
        #expect(!indexes.contains("entities_type") && indexes.contains("follow_ups_open"), "v2's lighter indexes")
        #expect(migrated.replicaID == source.replicaID)
        #expect(try migrated.requireSession().account.username == "ana")
        #expect(try migrated.queuedCount() == source.queuedCount() && migrated.queuedCount() == 6, "three interviews and three notes to push")
        for id in ids {
            #expect(try migrated.state(of: id) == source.state(of: id))
        }
        #expect(try migrated.interviews().map(\.id) == source.interviews().map(\.id))
        #expect(try migrated.followUps(.all).map(\.id) == source.followUps(.all).map(\.id))
    }

    private static func indexes(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"))
    }
}
