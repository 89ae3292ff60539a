import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB

/// Who is who: the accounts and devices a replica's records mention, so listings and histories
/// can name them. A pull delivers the whole directory; a backup carries it too.
enum PeopleDirectory {
    /// Stores `people` and `replicas`; with `replacing`, whoever is not in them is forgotten
    /// (a delivered directory is the whole directory: whoever is missing left it).
    static func save(people: [AccountInfo], replicas: [ReplicaInfo], replacing: Bool, in db: Database) throws {
        if replacing {
            try db.execute(
                sql: "DELETE FROM people WHERE id NOT IN (SELECT value FROM json_each(?))",
                arguments: [String(decoding: try JSONEncoder().encode(people.map(\.id.lowercased)), as: UTF8.self)]
            )
            try db.execute(
                sql: "DELETE FROM replicas WHERE replica NOT IN (SELECT value FROM json_each(?))",
                arguments: [String(decoding: try JSONEncoder().encode(replicas.map(\.replica.description)), as: UTF8.self)]
            )
        }
        for person in people {
            try db.execute(
                sql: "INSERT OR REPLACE INTO people (id, username, display_name, role, disabled) VALUES (?, ?, ?, ?, ?)",
                arguments: [person.id.lowercased, person.username, person.displayName, person.role.rawValue, person.disabled]
            )
        }
        for replica in replicas {
            try db.execute(
                sql: "INSERT OR REPLACE INTO replicas (replica, account_id, device) VALUES (?, ?, ?)",
                arguments: [replica.replica.description, replica.account.lowercased, replica.device]
            )
        }
    }
}
