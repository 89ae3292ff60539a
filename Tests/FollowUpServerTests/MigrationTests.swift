import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB
import Testing

@testable import FollowUpServer

@Suite("Schema migrations", .sqliteOnly)
struct MigrationTests {
    @Test("fates recorded by a v1 server answer retries the same way after the upgrade")
    func changeLogSurvivesUpgrade() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        // A data directory as the first release left it: the v1 schema, with one accepted and one
        // rejected change in its change log (as text ids, with the columns v2 no longer keeps).
        let accepted = UUID()
        let rejected = UUID()
        let old = try DatabaseQueue(path: harness.configuration.databasePath)
        try SQLiteStore.migrator.migrate(old, upTo: "v1")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO change_log (change_id, seq, entity_id, account_id, code, message, field, received_at)
                    VALUES (?, 7, 'e', 'a', NULL, NULL, NULL, 0), (?, NULL, 'e', 'a', 'invalid', 'too long', 'set.notes', 0)
                    """,
                arguments: [accepted.lowercased, rejected.lowercased]
            )
        }
        try old.close()

        let ana = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let token = try await api.login("ana")
            var factory = harness.changeFactory()
            var retriedAccepted = factory.interview(owner: ana.id)
            retriedAccepted.id = accepted
            var retriedRejected = factory.interview(owner: ana.id)
            retriedRejected.id = rejected
            let fresh = factory.interview(owner: ana.id)
            let results = try await api.push([retriedAccepted, retriedRejected, fresh], token: token).decode(PushResponse.self).results
            #expect(results[0].status == .accepted && results[0].seq == 7 && results[0].duplicate == true)
            #expect(results[1].status == .rejected)
            #expect(results[1].rejection == Rejection(code: "invalid", message: "too long", field: "set.notes"))
            #expect(results[2].status == .accepted && results[2].duplicate == nil)
            // Only the new change was merged: the retried ones were answered from the log.
            let pulled = try await api.pullAll(token: token).flatMap(\.entities)
            #expect(pulled.map(\.id) == [fresh.entity])
        }
    }
}
