import FollowUpClient
import FollowUpCore
import FollowUpProtocol
import Foundation

/// A real client: a replica in its own SQLite file and an HTTP client, logged in as one account.
struct BenchClient: Sendable {
    let replica: Replica
    let client: SyncClient
    let owner: UUID
    let home: URL

    static func login(_ server: BenchServer, as name: String, home: URL) async throws -> BenchClient {
        let replica = try Replica(directory: home)
        let anonymous = try SyncClient(server: server.url, token: nil)
        let (login, info) = try await anonymous.using { client in
            (
                try await client.login(
                    username: name,
                    password: "\(name) password",
                    device: home.lastPathComponent,
                    replica: replica.replicaID
                ),
                try await client.info()
            )
        }
        try replica.bind(login, serverURL: server.url, serverID: info.serverID)
        return BenchClient(replica: replica, client: try SyncClient(server: server.url, token: login.token), owner: login.account.id, home: home)
    }

    /// Pushes in batches of `records` records (two changes each), as W1 prescribes.
    var synchronizer: Synchronizer { Synchronizer(replica: replica, client: client, pushBatchSize: 1_000) }

    /// Writes the records into the replica (queued for the server); not part of any timing.
    func write(_ records: ArraySlice<BenchRecord>) throws {
        let owner = owner
        try replica.write { writer in
            for record in records {
                try writer.write(.interview, id: record.interview, owner: owner, edit: record.interviewEdit)
                try writer.write(.followUp, id: record.followUp, owner: owner, edit: record.followUpEdit)
            }
        }
    }

    /// Changes one field of each given interview locally.
    func modify(_ records: ArraySlice<BenchRecord>, round: Int) throws {
        try replica.write { writer in
            for record in records {
                var edit = Edit()
                edit.set(Interview.Field.position, text: "\(record.position) r\(round)")
                try writer.write(.interview, id: record.interview, edit: edit)
            }
        }
    }

    func shutdown() async {
        await client.shutdown()
    }
}
