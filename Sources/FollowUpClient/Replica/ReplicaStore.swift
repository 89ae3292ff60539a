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

    /// The states this replica holds among `ids`, in one statement: a pulled page asks for
    /// thousands, and on a first sync finds none.
    static func states(of ids: [UUID], in db: Database) throws -> [UUID: EntityState] {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(ids.count * 39 + 2)
        for (index, id) in ids.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "\""))
            json.append(contentsOf: id.lowercased.utf8)
            json.append(UInt8(ascii: "\""))
        }
        json.append(UInt8(ascii: "]"))
        let rows = try Data.fetchCursor(
            db.cachedStatement(sql: "SELECT state FROM entities WHERE id IN (SELECT value FROM json_each(?))"),
            arguments: [String(decoding: json, as: UTF8.self)])
        var states: [UUID: EntityState] = [:]
        while let data = try rows.next() {
            let state = try decode(data)
            states[state.id] = state
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
