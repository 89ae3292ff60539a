import FollowUpClient
import FollowUpTestSupport
import Foundation
import Testing

/// An install that outgrew one machine moves its SQLite data directory into PostgreSQL
/// (`followup-server migrate-data`); its clients go on syncing from their cursors.
@Suite("Moving a data directory into PostgreSQL", .serialized, .timeLimit(.minutes(3)))
struct MigrateToPostgresTests {
    @Test("after migrate-data, devices sync on from their cursors: nothing pulled again, nothing lost, new edits flow both ways")
    func clientsKeepTheirCursors() async throws {
        let directory = try makeTemporaryDirectory("migrate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("server").path
        let server = try await InProcessServer.start(data: data)
        try await server.admin(["create-account", "ana", "--role", "seeker"], password: "ana password")
        try await server.admin(["create-account", "carla", "--role", "counselor"], password: "carla password")
        try await server.admin(["assign", "carla", "ana"])
        let laptop = Machine("laptop", in: directory)
        let office = Machine("office", in: directory)
        try await laptop.login(server, as: "ana")
        try await office.login(server, as: "carla")
        var ids: [String] = []
        for company in ["Acme", "Globex", "Initech"] {
            ids.append(try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", company, "--position", "Analyst"]))))
        }
        try await laptop.ok(["sync"])
        try await office.ok(["sync"])
        try await office.ok(["note", "add", ids[0], "--kind", "remark", "--text", "ask about the data team"])
        try await office.ok(["sync"])
        try await laptop.ok(["sync"])

        // The operator stops the server, moves the data into PostgreSQL and starts it there, on the same address.
        let port = try #require(URLComponents(string: server.url)?.port)
        try await server.stop()
        let target = try await Self.newDatabase()
        let moved = try await ChildProcess.run("followup-server", ["migrate-data", "--from", data, "--to", target])
        #expect(moved.status == 0, "\(moved.output)\(moved.error)")
        #expect(moved.output.contains("2 accounts") && moved.output.contains("records"), "\(moved.output)")
        #expect(!moved.output.contains("followup-test"), "the password is not printed")
        let again = try await InProcessServer.start(data: data, port: port, databaseURL: target)

        let laptopSync = try await laptop.json(["sync"], as: SyncReport.self)
        #expect(!laptopSync.cursorReset && laptopSync.pulled == 0 && laptopSync.resent == 0, "nothing is pulled or sent again: \(laptopSync)")
        try await laptop.ok(["interview", "edit", ids[1], "--position", "Senior analyst"])
        try await laptop.ok(["sync"])
        let officeSync = try await office.json(["sync"], as: SyncReport.self)
        #expect(!officeSync.cursorReset && officeSync.pulled == 1, "the counselor gets the one edited record: \(officeSync)")
        #expect(try await office.json(["interview", "show", ids[1]], as: InterviewJSON.self).position == "Senior analyst")

        // A new device on PostgreSQL sees everything written on SQLite.
        let phone = Machine("phone", in: directory)
        try await phone.login(again, as: "ana")
        try await phone.ok(["sync"])
        let first = try await phone.json(["interview", "show", ids[0]], as: InterviewJSON.self)
        #expect(first.company == "Acme" && first.notes.map(\.text) == ["ask about the data team"])
        #expect(try await phone.json(["interview", "show", ids[2]], as: InterviewJSON.self).company == "Initech")
        try await again.stop()

        // Migrating again into the same database is refused: it holds data now.
        let twice = try await ChildProcess.run("followup-server", ["migrate-data", "--from", data, "--to", target])
        #expect(twice.status != 0 && (twice.output + twice.error).contains("already holds FollowUp data"), "\(twice.output)\(twice.error)")
    }

    /// A new database on the test cluster (`FOLLOWUP_TEST_POSTGRES`, which scripts/test starts), made with psql.
    static func newDatabase() async throws -> String {
        guard let cluster = ProcessInfo.processInfo.environment["FOLLOWUP_TEST_POSTGRES"], var url = URLComponents(string: cluster) else {
            throw ProcessError("FOLLOWUP_TEST_POSTGRES is not set: run the tests with scripts/test, which starts a PostgreSQL cluster")
        }
        let name = "followup_migrate_" + UUID().uuidString.prefix(8).lowercased()
        var admin = url
        admin.queryItems = nil
        let made = try await ChildProcess.run(
            path: URL(fileURLWithPath: "/usr/bin/psql"),
            [admin.string ?? cluster, "-c", "CREATE DATABASE \(name)"]
        )
        guard made.status == 0 else { throw ProcessError("psql could not create \(name): \(made.error)") }
        url.path = "/" + name
        return url.string ?? cluster
    }
}
