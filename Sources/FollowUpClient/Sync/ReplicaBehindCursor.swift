public import Foundation

/// A pulled page brought the new part of a record this replica does not hold: the replica is
/// behind its own cursor (restored from an old copy, or edited by hand). Nothing of the page was
/// merged; the sync pulls everything again from the start, which repairs it.
public struct ReplicaBehindCursor: Error, CustomStringConvertible {
    public let record: UUID

    public var description: String {
        "the server sent an update of record \(record.uuidString.lowercased()), which this replica does not hold; pulling everything again"
    }
}
