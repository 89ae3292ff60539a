import Foundation

/// One count of failed logins (an account's, or a client address's) and how long each further
/// failure blocks the next attempt.
struct LoginThrottle: Sendable {
    /// The row's key: a username, or an address after `@` (usernames never start with `@`).
    let key: String
    /// Seconds to block after `failures` failures in a row; 0 while attempts are free.
    let delay: @Sendable (_ failures: Int) -> TimeInterval
}

/// Whether a password may be checked now.
enum LoginAdmission: Equatable, Sendable {
    case admitted
    case blocked(until: Date)
}
