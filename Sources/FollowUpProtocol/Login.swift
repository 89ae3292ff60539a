public import FollowUpCore
import FollowUpWire
public import Foundation

/// `POST /v1/login`: exchange a password for a bearer token for one named device.
public struct LoginRequest: Codable, Hashable, Sendable {
    public var username: String
    public var password: String
    /// A name the user will recognise in the device list ("work laptop").
    public var device: String
    /// The replica id this device stamps its changes with: given, the server accepts changes from
    /// this login only when stamped with it, so no device can write in another's name.
    public var replica: ReplicaID?

    public init(username: String, password: String, device: String, replica: ReplicaID? = nil) {
        self.username = username
        self.password = password
        self.device = device
        self.replica = replica
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.reject(unknownIn: decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        username = try container.decode(String.self, forKey: .username)
        password = try container.decode(String.self, forKey: .password)
        device = try container.decode(String.self, forKey: .device)
        replica = try container.decodeUnlessOmitted(ReplicaID.self, forKey: .replica)
    }
}

public struct LoginResponse: Codable, Hashable, Sendable {
    /// Send as `Authorization: Bearer <token>`. The server keeps only its hash.
    public var token: String
    public var expiresAt: Date
    public var account: AccountInfo
    public var device: DeviceInfo

    public init(token: String, expiresAt: Date, account: AccountInfo, device: DeviceInfo) {
        self.token = token
        self.expiresAt = expiresAt
        self.account = account
        self.device = device
    }
}
