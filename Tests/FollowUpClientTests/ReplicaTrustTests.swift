import FollowUpCore
import FollowUpProtocol
import FollowUpTestSupport
import Foundation
import GRDB
import Testing

@testable import FollowUpClient

/// The replica holds the device's token and every record: it stays private to its owner, and
/// what it cannot read is reported, never replaced by defaults.
@Suite("The replica keeps its secrets and says what it cannot read")
struct ReplicaTrustTests {
    private static var acme: InterviewInput {
        var input = InterviewInput()
        input.company = "Acme"
        return input
    }

    private static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test("a new home is 0700 and its database 0600; a home made 0755/0644 by an earlier version is mended at the next open")
    func privateFiles() throws {
        let (replica, directory) = try ReplicaTests.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try replica.addInterview(owner: ReplicaTests.ana, Self.acme)
        let database = directory.appendingPathComponent(Replica.fileName).path
        #expect(try Self.mode(directory.path) == 0o700)
        for path in [database, database + "-wal", database + "-shm"] where FileManager.default.fileExists(atPath: path) {
            #expect(try Self.mode(path) == 0o600, "\(path)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)
        _ = try Replica(directory: directory)
        #expect(try Self.mode(directory.path) == 0o700)
        #expect(try Self.mode(database) == 0o600)
    }

    @Test("unreadable settings are an error, and are not overwritten by defaults; --reset clears them")
    func unreadableSettings() throws {
        let (replica, directory) = try ReplicaTests.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try replica.updateSettings { $0.senderName = "Jordan Lee" }
        try replica.queue.write { db in try Meta.set(.settings, #"{"senderName": 42}"#, db) }
        #expect(throws: ClientError.self) { try replica.settings() }
        #expect(throws: ClientError.self) { try replica.updateSettings { $0.senderEmail = "jordan@example.com" } }
        #expect(try replica.queue.read { db in try Meta.get(.settings, db) } == #"{"senderName": 42}"#, "left as it was")
        // Settings written before a key existed still read, the new key at its default.
        try replica.queue.write { db in try Meta.set(.settings, #"{"senderName": "Jordan Lee"}"#, db) }
        #expect(try replica.settings().senderName == "Jordan Lee" && replica.settings().mailTransitDays == 2)
        try replica.resetSettings()
        #expect(try replica.settings() == Settings())
    }

    @Test("an unreadable stored login is an error, so the other-account guard is never skipped")
    func unreadableSession() throws {
        let (replica, directory) = try ReplicaTests.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try replica.addInterview(owner: ReplicaTests.ana, Self.acme)
        try replica.queue.write { db in try Meta.set(.account, "{not json", db) }
        #expect(throws: ClientError.self) { try replica.session() }
        let ben = LoginResponse(
            token: "fu_ben",
            expiresAt: Date().addingTimeInterval(86_400),
            account: AccountInfo(id: UUID(), username: "ben", displayName: "Ben", role: .seeker),
            device: DeviceInfo(id: UUID(), name: "x", createdAt: Date(), lastUsedAt: nil, expiresAt: Date(), revoked: false, current: true)
        )
        #expect(throws: ClientError.self) { try replica.bind(ben, serverURL: "http://127.0.0.1:1", serverID: UUID()) }
    }

    @Test("a pulled record that does not merge with the one held stops the sync and moves no cursor")
    func unmergeablePull() throws {
        let (replica, directory) = try ReplicaTests.replica()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = try replica.addInterview(owner: ReplicaTests.ana, Self.acme)
        var impostor = EntityState(type: .note, id: id, owner: ReplicaTests.ana)
        let at = Timestamp(millis: 1_795_186_800_000, counter: 0, replica: ReplicaID(rawValue: 9))
        try impostor.apply(Change(id: UUID(), type: .note, entity: id, owner: ReplicaTests.ana, at: at, set: ["text": .string("x")]))
        let page = PullResponse(cursor: "after-impostor", hasMore: false, entities: [impostor])
        #expect(throws: ClientError.self) { try replica.apply(page) }
        #expect(try replica.cursor() == nil, "the cursor did not move past the record")
    }
}
