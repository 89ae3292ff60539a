import FollowUpCore
import FollowUpProtocol
import Foundation

/// Who is making a request: the account behind a valid bearer token, and which device's token it is.
struct Identity: Sendable, Hashable {
    var account: AccountInfo
    var tokenID: UUID
    var device: String
    /// The replica id this login was made for: its changes must carry it (`nil` for a login that
    /// named none, whose changes must carry a replica id of its own account).
    var replica: ReplicaID?
}
