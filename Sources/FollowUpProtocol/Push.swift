public import FollowUpCore
public import Foundation

/// `POST /v1/changes`: a batch of changes to merge on the server.
public struct PushRequest: Encodable, Hashable, Sendable {
    public var changes: [Change]

    public init(changes: [Change]) {
        self.changes = changes
    }
}

/// The answer to a push: one result per change, in the order they were sent.
public struct PushResponse: Codable, Hashable, Sendable {
    public var results: [PushResult]

    public init(results: [PushResult]) {
        self.results = results
    }
}

/// The fate of one pushed change. A change id has exactly one fate: pushing it again answers the same.
public struct PushResult: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable {
        case accepted, rejected
    }

    /// The change's id.
    public var id: UUID
    public var status: Status
    /// For an accepted change: the server sequence number it was given.
    public var seq: Int64?
    /// For an accepted change: `true` when the server already had it (a retry).
    public var duplicate: Bool?
    /// For a rejected change: why. The change is never applied and should be set aside.
    public var rejection: Rejection?

    public static func accepted(_ id: UUID, seq: Int64, duplicate: Bool = false) -> PushResult {
        PushResult(id: id, status: .accepted, seq: seq, duplicate: duplicate ? true : nil, rejection: nil)
    }

    public static func rejected(_ id: UUID, _ rejection: Rejection) -> PushResult {
        PushResult(id: id, status: .rejected, seq: nil, duplicate: nil, rejection: rejection)
    }

    public init(id: UUID, status: Status, seq: Int64?, duplicate: Bool?, rejection: Rejection?) {
        self.id = id
        self.status = status
        self.seq = seq
        self.duplicate = duplicate
        self.rejection = rejection
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(seq, forKey: .seq)
        try container.encodeIfPresent(duplicate, forKey: .duplicate)
        try container.encodeIfPresent(rejection, forKey: .rejection)
    }
}

/// Why the server refused one change.
public struct Rejection: Codable, Hashable, Sendable {
    /// A stable, machine-readable reason; see the `Code` constants.
    public var code: String
    /// A sentence for the user.
    public var message: String
    /// The member of the change at fault, for `invalid`.
    public var field: String?

    public init(code: String, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public enum Code {
        /// The change is malformed or over a size limit.
        public static let invalid = "invalid"
        /// The account may not write records of this owner.
        public static let forbidden = "forbidden"
        /// The entity exists with another type.
        public static let typeMismatch = "type-mismatch"
        /// The change's timestamp is too far ahead of the server's clock.
        public static let clockAhead = "clock-ahead"
    }
}
