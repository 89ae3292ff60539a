import FollowUpCore
import Foundation
import GRDB

/// Reading entity states back from the replica.
enum ReplicaStore {
    static func state(of id: UUID, in db: Database) throws -> EntityState? {
        // A cached statement: this runs once per record of every pulled page.
        guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT state FROM entities WHERE id = ?"), arguments: [id.lowercased])
        else {
            return nil
        }
        return try decode(data)
    }

    static func decode(_ data: Data) throws -> EntityState {
        do {
            return try EntityState.decode(json: data)
        } catch {
            throw ClientError.storage("a stored record could not be read: \(error)")
        }
    }

    /// Every state of one type, optionally of one owner.
    static func states(of type: EntityType, owner: UUID? = nil, in db: Database) throws -> [EntityState] {
        var sql = "SELECT state FROM entities WHERE type = ?"
        var arguments: StatementArguments = [type.rawValue]
        if let owner {
            sql += " AND owner_id = ?"
            arguments += [owner.lowercased]
        }
        return try Data.fetchAll(db, sql: sql, arguments: arguments).map(decode)
    }
}
