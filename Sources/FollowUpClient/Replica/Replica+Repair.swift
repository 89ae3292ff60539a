public import FollowUpCore
import FollowUpProtocol
import FollowUpWire
public import Foundation
import GRDB

extension Replica {
    private static let placeholderID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// The content digest of every record this replica holds, by id (SPEC §6.2).
    public func digests() throws -> [UUID: String] {
        try read { db in
            var digests: [UUID: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, state FROM entities")
            while let row = try rows.next() {
                let text: String = row[0]
                guard let id = UUID(uuidString: text) else { throw ClientError.storage("a record id \"\(text.prefix(40))\" is not a UUID") }
                digests[id] = try ReplicaStore.decode(row[1]).contentDigest
            }
            return digests
        }
    }

    /// The changes that carry again everything this account's devices wrote to these records —
    /// their writes, additions and removals still held here — for a server that lacks them (one
    /// restored from a backup, or a device's offline work moved here in a backup). Writes of other
    /// accounts' devices are theirs to send: the server takes them only when it holds them already
    /// (SPEC §4.1).
    ///
    /// Each change's id derives from its record, stamp and content, so sending them twice is a
    /// no-op and a record that changed since gets new ids rather than a reused one.
    public func repairChanges(for ids: some Collection<UUID>) throws -> [Change] {
        return try read { db in
            let others = try Self.othersReplicas(db)
            return try ReplicaStore.states(of: Array(ids), in: db).values.flatMap { state in
                state.rebuildingChanges().filter { !others.contains($0.at.replica) }.map { change in
                    var repair = change
                    repair.id = Self.placeholderID  // the content, whatever id the rebuild gave it
                    let content = repair.contentDigest
                    repair.id = UUID.nameBased(namespace: state.id, name: "repair:\(change.at):\(content)")
                    return repair
                }
            }
        }
    }

    /// The replica ids the directory says write for another account than this replica's.
    private static func othersReplicas(_ db: Database) throws -> Set<ReplicaID> {
        guard let account = try session(db)?.account.id else { return [] }
        let rows = try Row.fetchAll(db, sql: "SELECT replica, account_id FROM replicas")
        var others = Set<ReplicaID>()
        for row in rows {
            let text: String = row["replica"]
            guard let replica = ReplicaID(hex: text), let owner = UUID(text: row["account_id"] as String) else {
                throw ClientError.storage("a stored device has no valid replica id or account (\(text.prefix(40)))")
            }
            if owner != account { others.insert(replica) }
        }
        return others
    }
}
