public import FollowUpCore
public import FollowUpWire
public import Foundation

/// An account as the protocol shows it: to itself after login, to an admin, and in the people
/// directory a pull delivers.
public struct AccountInfo: Codable, Hashable, Sendable, Identifiable {
    public var id: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    /// Disabled accounts cannot log in and their tokens stop working; their records are kept.
    public var disabled: Bool

    public init(id: UUID, username: String, displayName: String, role: Role, disabled: Bool = false) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.disabled = disabled
    }

    /// Reads one account at the scanner, as a pull page or a backup carries it.
    public static func read(_ scanner: inout JSONScanner) throws(RecordFormatError) -> AccountInfo {
        var id: UUID?
        var username: String?
        var displayName: String?
        var role: Role?
        var disabled = false
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "id": id = try scanner.readUUID()
            case "username": username = try scanner.readString()
            case "displayName": displayName = try scanner.readString()
            case "role":
                let text = try scanner.readString()
                guard let value = Role(rawValue: text) else { throw RecordFormatError(path: "", reason: "unknown role \"\(text.prefix(32))\"") }
                role = value
            case "disabled": disabled = try scanner.readBool()
            default: try scanner.skipValue()
            }
        }
        guard let id, let username, let role else { throw RecordFormatError(path: "", reason: "needs id, username and role") }
        return AccountInfo(id: id, username: username, displayName: displayName ?? username, role: role, disabled: disabled)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(username, forKey: .username)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(role, forKey: .role)
        try container.encode(disabled, forKey: .disabled)
    }
}

/// One device's login, as listed by `GET /v1/devices`.
public struct DeviceInfo: Codable, Hashable, Sendable, Identifiable {
    public var id: UUID
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var expiresAt: Date
    public var revoked: Bool
    /// Whether this is the token that made the request.
    public var current: Bool

    public init(id: UUID, name: String, createdAt: Date, lastUsedAt: Date?, expiresAt: Date, revoked: Bool, current: Bool) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revoked = revoked
        self.current = current
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(revoked, forKey: .revoked)
        try container.encode(current, forKey: .current)
    }
}
