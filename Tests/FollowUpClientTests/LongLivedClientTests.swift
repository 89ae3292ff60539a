import FollowUpClient
import FollowUpCore
import FollowUpTestSupport
import Foundation
import Testing

/// A client that stays open between syncs, as a counselor's app or `sync --watch` does.
@Suite("A long-lived client", .serialized)
struct LongLivedClientTests {
    @Test("asks the server's limits on its first sync only, and again after a failed sync")
    func serverInfoOnce() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        try await laptop.login(deployment.server, as: "ana")
        try await laptop.ok(["interview", "add", "--company", "Acme"])
        let replica = try Replica(directory: laptop.home)
        let session = try replica.requireSession()
        let client = try SyncClient(server: session.serverURL, token: session.token)
        let synchronizer = Synchronizer(replica: replica, client: client)

        // First sync: the server's info, one push, one pull.
        #expect(try await synchronizer.sync().pushed >= 1)
        #expect(client.bytes.requests == 3)
        // Every later sync with nothing queued is one pull, nothing more.
        _ = try await synchronizer.sync()
        _ = try await synchronizer.sync()
        #expect(client.bytes.requests == 5)

        // A sync that fails (the session ended on the server) forgets what it knew of the server.
        try await laptop.ok(["logout"])
        await #expect(throws: ClientError.self) { try await synchronizer.sync() }
        let failedAt = client.bytes.requests
        await #expect(throws: ClientError.self) { try await synchronizer.sync() }
        #expect(client.bytes.requests == failedAt + 2, "after a failure the next sync asks for the server's info again")
        await client.shutdown()
        try await deployment.stop()
    }
}
