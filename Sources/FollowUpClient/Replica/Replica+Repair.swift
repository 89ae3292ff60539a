public import FollowUpCore
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

    /// The changes that carry again everything this replica itself wrote to these records — its
    /// writes, additions and removals still held — for a server that lost them (restored from a
    /// backup). Writes of other devices are theirs to send; a change is only ever pushed by the
    /// replica that stamped it (SPEC §4.1).
    ///
    /// Each change's id derives from its record, stamp and content, so sending them twice is a
    /// no-op and a record that changed since gets new ids rather than a reused one.
    public func repairChanges(for ids: some Collection<UUID>) throws -> [Change] {
        let own = replicaID
        return try read { db in
            try ReplicaStore.states(of: Array(ids), in: db).values.flatMap { state in
                state.rebuildingChanges().filter { $0.at.replica == own }.map { change in
                    var repair = change
                    repair.id = Self.placeholderID  // the content, whatever id the rebuild gave it
                    let content = repair.contentDigest
                    repair.id = UUID.nameBased(namespace: state.id, name: "repair:\(change.at):\(content)")
                    return repair
                }
            }
        }
    }
}
