import Foundation

/// Whose device a replica id is: the account (to tell a seeker's own writes from a counselor's)
/// and the names history and note listings show.
struct ReplicaAuthor: Sendable, Equatable {
    var account: UUID
    var name: String
    var device: String
}
