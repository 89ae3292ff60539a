import Foundation

/// `POST /v1/admin/accounts`.
public struct CreateAccountRequest: Codable, Hashable, Sendable {
    public var username: String
    public var password: String
    public var role: Role
    public var displayName: String?

    public init(username: String, password: String, role: Role, displayName: String? = nil) {
        self.username = username
        self.password = password
        self.role = role
        self.displayName = displayName
    }
}

/// `PATCH /v1/admin/accounts/{username}`: only the members present change.
public struct UpdateAccountRequest: Codable, Hashable, Sendable {
    public var password: String?
    public var displayName: String?
    public var disabled: Bool?

    public init(password: String? = nil, displayName: String? = nil, disabled: Bool? = nil) {
        self.password = password
        self.displayName = displayName
        self.disabled = disabled
    }
}

/// `GET /v1/admin/accounts`.
public struct AccountList: Codable, Hashable, Sendable {
    public var accounts: [AccountInfo]

    public init(accounts: [AccountInfo]) {
        self.accounts = accounts
    }
}

/// `GET /v1/devices` and `GET /v1/admin/accounts/{username}/devices`.
public struct DeviceList: Codable, Hashable, Sendable {
    public var devices: [DeviceInfo]

    public init(devices: [DeviceInfo]) {
        self.devices = devices
    }
}

/// `GET /v1/admin/counselors/{username}/seekers`, and the answer to assigning or unassigning one.
public struct Caseload: Codable, Hashable, Sendable {
    public var counselor: AccountInfo
    public var seekers: [AccountInfo]

    public init(counselor: AccountInfo, seekers: [AccountInfo]) {
        self.counselor = counselor
        self.seekers = seekers
    }
}
