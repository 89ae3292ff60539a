public import Foundation

/// `GET /v1/digests`: the content digest of every record the account may see
/// (``FollowUpWire/FollowUpCore/EntityState/contentDigest``), so a client can find the records
/// on which it and the server differ without pulling them (SPEC §6.2).
public struct RecordDigests: Codable, Hashable, Sendable {
    /// Record id (lowercase) → 32 hex digits.
    public var digests: [String: String]

    public init(digests: [UUID: String]) {
        self.digests = Dictionary(uniqueKeysWithValues: digests.map { ($0.key.uuidString.lowercased(), $0.value) })
    }

    /// The digests by record id; an id that is not a UUID is the server's error.
    public func byRecord() throws(RecordDigestsError) -> [UUID: String] {
        var result: [UUID: String] = [:]
        for (text, digest) in digests {
            guard let id = UUID(uuidString: text) else { throw RecordDigestsError(text: text) }
            result[id] = digest
        }
        return result
    }
}

/// A digests document naming a record by something other than a UUID.
public struct RecordDigestsError: Error, CustomStringConvertible {
    public var text: String
    public var description: String { "the digests name a record \"\(text.prefix(40))\", which is not a UUID" }
}
