public import FollowUpCore
import FollowUpWire
public import Foundation

/// A change waiting in the outbox, as stored: sent to the server byte for byte, never re-encoded.
public struct QueuedChange: Sendable, Equatable {
    /// Its position in the queue.
    public let seq: Int64
    public let id: UUID
    public let entity: UUID
    /// The change's JSON, as ``ReplicaWriter`` encoded it.
    public let json: Data

    public func decoded() throws -> Change {
        do {
            return try Change.decode(json: json)
        } catch {
            throw ClientError.storage("a queued change could not be read: \(error)")
        }
    }
}
