import FollowUpProtocol
import Foundation

/// Who is making a request: the account behind a valid bearer token, and which device's token it is.
struct Identity: Sendable, Hashable {
    var account: AccountInfo
    var tokenID: UUID
    var device: String
}
