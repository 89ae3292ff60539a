import FollowUpCore
import FollowUpWire
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

    public init(from decoder: any Decoder) throws {
        try StrictKeys.reject(unknownIn: decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        username = try container.decode(String.self, forKey: .username)
        password = try container.decode(String.self, forKey: .password)
        role = try container.decode(Role.self, forKey: .role)
        displayName = try container.decodeUnlessOmitted(String.self, forKey: .displayName)
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

    public init(from decoder: any Decoder) throws {
        try StrictKeys.reject(unknownIn: decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        password = try container.decodeUnlessOmitted(String.self, forKey: .password)
        displayName = try container.decodeUnlessOmitted(String.self, forKey: .displayName)
        disabled = try container.decodeUnlessOmitted(Bool.self, forKey: .disabled)
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
