public import FollowUpCore
public import FollowUpWire
public import Foundation

/// `GET /v1/changes?cursor=…&limit=…&wait=…`: what changed since the cursor, one page at a time.
///
/// `entities` holds the whole current state of each changed entity the user may see (one entry per
/// entity, however many changes it had), in server order. Merging them is idempotent, so a page
/// delivered twice does no harm. Keep `cursor` only after the page is safely merged.
public struct PullResponse: Hashable, Sendable {
    /// The response header that repeats ``cursor``, so a client can ask for the next page before it
    /// has read this one's body.
    public static let cursorHeader = "FollowUp-Cursor"
    /// The response header that repeats ``hasMore`` (`true` or `false`).
    public static let hasMoreHeader = "FollowUp-Has-More"

    /// Opaque; pass it back unchanged to continue. Valid only with this server and this account.
    public var cursor: String
    /// More pages follow at once; pull again with the new cursor.
    public var hasMore: Bool
    public var entities: [EntityState]
    /// Asked for with `updates=true`: of records the client held at its cursor, only the part made
    /// after it (SPEC §5.3). Merged like `entities`; one for a record the client lacks means its
    /// replica is behind its cursor.
    public var updates: [EntityState] = []
    /// Seekers whose records this account may no longer see (an assignment ended): delete their
    /// records from the replica.
    public var removedOwners: [UUID]
    /// Accounts whose records or names this account sees, added or changed since the cursor.
    public var people: [AccountInfo]
    /// Which account and device each replica id belongs to, for history ("set by Ana on her laptop").
    public var replicas: [ReplicaInfo]
    /// The bytes of each entity as received, beside `entities`, when ``decode(json:)`` read the page:
    /// a replica that did not have an entity stores these instead of encoding it again. Not sent.
    public var receivedEntities: [Data] = []

    public init(
        cursor: String,
        hasMore: Bool,
        entities: [EntityState],
        removedOwners: [UUID] = [],
        people: [AccountInfo] = [],
        replicas: [ReplicaInfo] = []
    ) {
        self.cursor = cursor
        self.hasMore = hasMore
        self.entities = entities
        self.removedOwners = removedOwners
        self.people = people
        self.replicas = replicas
    }

    /// Reads a pull response with the wire codec: pages carry thousands of entity states.
    public static func decode(json data: Data) throws(RecordFormatError) -> PullResponse {
        try JSONScanner.read(data) { scanner throws(RecordFormatError) in
            var cursor: String?
            var hasMore: Bool?
            var entities: [EntityState] = []
            var updates: [EntityState] = []
            var received: [Data] = []
            var removed: [UUID] = []
            var people: [AccountInfo] = []
            var replicas: [ReplicaInfo] = []
            try scanner.readObject { scanner, key throws(RecordFormatError) in
                switch key {
                case "cursor": cursor = try scanner.readString()
                case "hasMore": hasMore = try scanner.readBool()
                case "entities":
                    try scanner.readArray { scanner, _ throws(RecordFormatError) in
                        let start = scanner.offset
                        entities.append(try EntityState.read(&scanner))
                        received.append(data[data.startIndex + start..<data.startIndex + scanner.offset])
                    }
                case "updates":
                    try scanner.readArray { scanner, _ throws(RecordFormatError) in updates.append(try EntityState.read(&scanner)) }
                case "removedOwners":
                    try scanner.readArray { scanner, _ throws(RecordFormatError) in removed.append(try scanner.readUUID()) }
                case "people":
                    try scanner.readArray { scanner, _ throws(RecordFormatError) in people.append(try AccountInfo.read(&scanner)) }
                case "replicas":
                    try scanner.readArray { scanner, _ throws(RecordFormatError) in replicas.append(try ReplicaInfo.read(&scanner)) }
                default:
                    try scanner.skipValue()  // A member from a newer server: ignored, like any client would.
                }
            }
            guard let cursor else { throw RecordFormatError(path: "cursor", reason: "is required but missing") }
            guard let hasMore else { throw RecordFormatError(path: "hasMore", reason: "is required but missing") }
            var page = PullResponse(cursor: cursor, hasMore: hasMore, entities: entities, removedOwners: removed, people: people, replicas: replicas)
            page.receivedEntities = received
            page.updates = updates
            return page
        }
    }
}

/// The account and device behind a replica id.
public struct ReplicaInfo: Codable, Hashable, Sendable {
    public var replica: ReplicaID
    public var account: UUID
    public var device: String

    public init(replica: ReplicaID, account: UUID, device: String) {
        self.replica = replica
        self.account = account
        self.device = device
    }

    /// Reads one replica's owner and device at the scanner, as a pull page or a backup carries it.
    public static func read(_ scanner: inout JSONScanner) throws(RecordFormatError) -> ReplicaInfo {
        var replica: ReplicaID?
        var account: UUID?
        var device: String?
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "replica":
                let text = try scanner.readString()
                guard let id = ReplicaID(hex: text) else { throw RecordFormatError(path: "", reason: "expected 16 lowercase hex digits") }
                replica = id
            case "account": account = try scanner.readUUID()
            case "device": device = try scanner.readString()
            default: try scanner.skipValue()
            }
        }
        guard let replica, let account, let device else { throw RecordFormatError(path: "", reason: "needs replica, account and device") }
        return ReplicaInfo(replica: replica, account: account, device: device)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(replica, forKey: .replica)
        try container.encode(account.uuidString.lowercased(), forKey: .account)
        try container.encode(device, forKey: .device)
    }
}
