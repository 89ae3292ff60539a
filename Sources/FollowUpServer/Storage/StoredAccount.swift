import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB

/// An account row, password hash included; never sent anywhere as is.
struct StoredAccount: Sendable, Hashable {
    var id: UUID
    var username: String
    var displayName: String
    var role: Role
    var passwordHash: String
    var disabled: Bool
    var createdAt: Date
    /// The sequence number of the last change to what the directory shows (name, disabled).
    var seq: Int64

    var info: AccountInfo {
        AccountInfo(id: id, username: username, displayName: displayName, role: role, disabled: disabled)
    }

    static let columns = "id, username, display_name, role, password_hash, disabled, created_at, seq"

    init(
        id: UUID,
        username: String,
        displayName: String,
        role roleName: String,
        passwordHash: String,
        disabled: Bool,
        createdAt: Date,
        seq: Int64
    ) throws(StorageError) {
        guard let role = Role(rawValue: roleName) else { throw .corrupt("account \(id.lowercased) has no known role") }
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdAt = createdAt
        self.seq = seq
    }

    init(row: Row) throws {
        guard let id = UUID(uuidString: row["id"]) else {
            throw StorageError.corrupt("an account's id is not a UUID: \(row["id"] as String? ?? "NULL")")
        }
        guard let role = Role(rawValue: row["role"]) else { throw StorageError.corrupt("account \(id.lowercased) has no known role") }
        self.id = id
        self.username = row["username"]
        self.displayName = row["display_name"]
        self.role = role
        self.passwordHash = row["password_hash"]
        self.disabled = row["disabled"]
        self.createdAt = Date(timeIntervalSince1970: row["created_at"])
        self.seq = row["seq"]
    }
}

/// A login token row: one device of one account.
struct StoredToken: Sendable, Hashable {
    var id: UUID
    var accountID: UUID
    var device: String
    var createdAt: Date
    var lastUsedAt: Date?
    var expiresAt: Date
    var revokedAt: Date?

    /// The replica id the device logged in for, when it named one.
    var replica: ReplicaID?

    static let columns = "id, account_id, device, created_at, last_used_at, expires_at, revoked_at, replica"

    init(
        id: UUID,
        accountID: UUID,
        device: String,
        createdAt: Date,
        lastUsedAt: Date?,
        expiresAt: Date,
        revokedAt: Date?,
        replica text: String?
    ) throws(StorageError) {
        self.id = id
        self.accountID = accountID
        self.device = device
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        if let text {
            guard let replica = ReplicaID(hex: text) else { throw .corrupt("token \(id.lowercased) names replica \"\(text.prefix(20))\"") }
            self.replica = replica
        }
    }

    init(row: Row) throws {
        guard let id = UUID(uuidString: row["id"]), let account = UUID(uuidString: row["account_id"]) else {
            throw StorageError.corrupt("a token row's id or account is not a UUID")
        }
        self.id = id
        self.accountID = account
        self.device = row["device"]
        self.createdAt = Date(timeIntervalSince1970: row["created_at"])
        self.lastUsedAt = (row["last_used_at"] as Double?).map { Date(timeIntervalSince1970: $0) }
        self.expiresAt = Date(timeIntervalSince1970: row["expires_at"])
        self.revokedAt = (row["revoked_at"] as Double?).map { Date(timeIntervalSince1970: $0) }
        if let text = row["replica"] as String? {
            guard let replica = ReplicaID(hex: text) else {
                throw StorageError.corrupt("token \(id.lowercased) names replica \"\(text.prefix(20))\"")
            }
            self.replica = replica
        }
    }

    func info(current: UUID?) -> DeviceInfo {
        DeviceInfo(
            id: id,
            name: device,
            createdAt: createdAt,
            lastUsedAt: lastUsedAt,
            expiresAt: expiresAt,
            revoked: revokedAt != nil,
            current: id == current
        )
    }
}
