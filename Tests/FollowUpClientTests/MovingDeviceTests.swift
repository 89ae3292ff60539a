import FollowUpClient
import FollowUpTestSupport
import Foundation
import Testing

/// Moving to a new machine with a backup: everything the old one held, synced or not, reaches the
/// server and every other device.
@Suite("Moving to a new machine", .serialized, .timeLimit(.minutes(3)))
struct MovingDeviceTests {
    @Test("an old laptop's backup (5 synced, 20 offline interviews) imported on a new device reaches the server and a third device")
    func backupReachesTheServer() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker"), ("bob", "seeker")])
        let laptop = deployment.machine("laptop")
        try await laptop.login(deployment.server, as: "ana", device: "old laptop")
        for index in 0..<5 {
            try await laptop.ok(["interview", "add", "--company", "Synced \(index)", "--position", "Analyst", "--date", "2026-11-20"])
        }
        try await laptop.ok(["sync"])
        // Offline from here on: 20 interviews and an edit of a synced one never reach the server.
        for index in 0..<20 {
            try await laptop.ok(["interview", "add", "--company", "Offline \(index)", "--position", "Planner", "--date", "2026-11-21"])
        }
        let synced = try await laptop.json(["interview", "list"], as: [InterviewSummary].self).first { $0.company == "Synced 0" }
        try await laptop.ok(["interview", "edit", try #require(synced?.id), "--position", "Senior analyst"])
        let backup = deployment.directory.appendingPathComponent("laptop-backup.json").path
        try await laptop.ok(["export", "json", "--output", backup])

        // The new device logs in and syncs first (so it holds the 5), then imports the backup.
        let desktop = deployment.machine("new desktop")
        try await desktop.login(deployment.server, as: "ana", device: "new desktop")
        #expect(try await desktop.json(["sync"], as: SyncReport.self).pulled == 5)
        let imported = try await desktop.ok(["import", backup])
        #expect(imported.contains("imported 21 records"), "\(imported)")
        #expect(imported.contains("20 new here, 1 merged"), "\(imported)")
        let pushed = try await desktop.json(["sync"], as: SyncReport.self)
        #expect(pushed.rejected.isEmpty, "\(pushed.rejected)")

        // A fresh phone sees all 25, the offline edit included; the desktop's own list is the same.
        let phone = deployment.machine("phone")
        try await phone.login(deployment.server, as: "ana", device: "phone")
        try await phone.ok(["sync"])
        let onPhone = try await phone.json(["interview", "list"], as: [InterviewSummary].self)
        #expect(onPhone.count == 25)
        #expect(onPhone.filter { $0.company?.hasPrefix("Offline") == true }.count == 20)
        #expect(onPhone.first { $0.company == "Synced 0" }?.position == "Senior analyst")
        #expect(Set(onPhone.map(\.id)) == Set(try await desktop.json(["interview", "list"], as: [InterviewSummary].self).map(\.id)))
        let verify = try await desktop.ok(["sync", "--verify"])
        #expect(verify.contains("this replica and the server now hold the same records"), "\(verify)")

        // Importing the same backup again changes nothing; another account's backup is refused.
        #expect(try await desktop.ok(["import", backup]).contains("imported 0 records"))
        let bobs = deployment.machine("bob's laptop")
        try await bobs.login(deployment.server, as: "bob")
        let refused = try await bobs.run(["import", backup])
        #expect(refused.status == 11)
        #expect(refused.error.contains("ana's records"), "\(refused.error)")
        #expect(try await bobs.json(["interview", "list"], as: [InterviewSummary].self).isEmpty)
        try await deployment.stop()
    }
}
