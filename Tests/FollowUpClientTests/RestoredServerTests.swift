import FollowUpClient
import FollowUpTestSupport
import Foundation
import Testing

/// A server put back from a backup, after its clients had acknowledged more (SPEC §6.2).
@Suite("A server restored from a backup", .serialized, .timeLimit(.minutes(3)))
struct RestoredServerTests {
    @Test("back up, push more from two devices, restore: the next syncs send it again and nothing is lost")
    func nothingLost() async throws {
        let directory = try makeTemporaryDirectory("restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("server").path
        let backup = directory.appendingPathComponent("backup.sqlite").path
        var server = try await InProcessServer.start(data: data)
        try await server.admin(["create-account", "ana", "--role", "seeker"], password: "ana password")
        let laptop = Machine("laptop", in: directory)
        let desktop = Machine("desktop", in: directory)
        try await laptop.login(server, as: "ana")
        try await desktop.login(server, as: "ana")
        let first = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "Acme", "--position", "Analyst"])))
        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])

        let backedUp = try await ChildProcess.run("followup-server", ["backup", "--data", data, "--to", backup])
        #expect(backedUp.status == 0, "\(backedUp.error)")

        // After the backup: the laptop adds a record and edits the first, the desktop adds a note;
        // the server acknowledges all of it and both devices have it.
        let second = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "Globex", "--position", "Planner"])))
        try await laptop.ok(["interview", "edit", first, "--position", "Data analyst"])
        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])
        try await desktop.ok(["note", "add", first, "--kind", "remark", "--text", "they are hiring a data team"])
        try await desktop.ok(["sync"])
        try await laptop.ok(["sync"])

        // The disk fails; the operator restores last night's backup on the same address.
        let port = try #require(URLComponents(string: server.url)?.port)
        try await server.stop()
        let restored = try await ChildProcess.run("followup-server", ["restore", "--data", data, "--from", backup])
        #expect(restored.status == 0, "\(restored.error)")
        #expect(restored.output.contains("new epoch"))
        let again = try await InProcessServer.start(data: data, port: port)
        server = again

        // The first device to sync sends again what the restored server lacks, the desktop's note
        // too (both are Ana's devices); the second finds nothing left to send.
        let laptopSync = try await laptop.json(["sync"], as: SyncReport.self)
        #expect(laptopSync.cursorReset && laptopSync.resent >= 3, "the laptop sends its record, its edit and the desktop's note: \(laptopSync)")
        let desktopSync = try await desktop.json(["sync"], as: SyncReport.self)
        #expect(desktopSync.cursorReset && desktopSync.rejected.isEmpty, "\(desktopSync)")
        try await laptop.ok(["sync"])

        // A new device sees everything; so do both old ones, and verify finds nothing to repair.
        let phone = Machine("phone", in: directory)
        try await phone.login(server, as: "ana")
        try await phone.ok(["sync"])
        for machine in [phone, laptop, desktop] {
            let firstRecord = try await machine.json(["interview", "show", first], as: InterviewJSON.self)
            #expect(firstRecord.position == "Data analyst", "\(machine.home.lastPathComponent)")
            #expect(firstRecord.notes.map(\.text) == ["they are hiring a data team"], "\(machine.home.lastPathComponent)")
            let secondRecord = try await machine.json(["interview", "show", second], as: InterviewJSON.self)
            #expect(secondRecord.company == "Globex", "\(machine.home.lastPathComponent)")
        }
        let verified = try await laptop.json(["sync", "--verify"], as: RepairReport.self)
        #expect(verified.differing == 0 && verified.stillDiffering.isEmpty, "\(verified)")
        try await again.stop()
    }

    @Test("restore refuses a file that is not a FollowUp database, and keeps the data in service")
    func badBackup() async throws {
        let directory = try makeTemporaryDirectory("restore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("server").path
        let server = try await InProcessServer.start(data: data)
        try await server.admin(["create-account", "ana", "--role", "seeker"], password: "ana password")
        try await server.stop()
        let junk = directory.appendingPathComponent("junk.sqlite")
        try Data("not a database".utf8).write(to: junk)
        let refused = try await ChildProcess.run("followup-server", ["restore", "--data", data, "--from", junk.path])
        #expect(refused.status != 0)
        #expect(refused.error.contains("is not a FollowUp database"), "\(refused.error)")
        #expect(!refused.error.contains("Fatal"))
        let again = try await InProcessServer.start(data: data)
        let accounts = try await again.admin(["accounts"])
        #expect(accounts.contains("ana"))
        try await again.stop()
    }
}
