import FollowUpCore
import FollowUpWire
import Foundation
import GRDB
import SQLiteBinding

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

    /// The states this replica holds among `ids`: a pulled page asks for thousands, and on a first
    /// sync finds none.
    static func states(of ids: [UUID], in db: Database) throws -> [UUID: EntityState] {
        // One key probe per id: over a json_each list SQLite first sorts the ids into a temporary
        // index, which cost a first sync's pages more than the probes themselves.
        var probe = try BoundStatement("SELECT state FROM entities WHERE id = ?", in: db)
        var states: [UUID: EntityState] = [:]
        for id in ids {
            id.withLowercasedUTF8 { probe.bind(text: $0) }
            var stored: Data?
            try probe.forEachRow { row in stored = row.blob(0) }
            if let stored {
                let state = try decode(stored)
                states[state.id] = state
            }
        }
        return states
    }

    static func decode(_ data: Data) throws -> EntityState {
        do {
            return try EntityState.decode(json: data)
        } catch {
            throw ClientError.storage("a stored record could not be read: \(error)")
        }
    }
}
