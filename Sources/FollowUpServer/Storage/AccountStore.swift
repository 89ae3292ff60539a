import FollowUpCore
import FollowUpProtocol
import Foundation

/// Accounts, their devices (login tokens), failed logins, caseloads and calendar feeds: everything
/// the server keeps about people, as opposed to their records (``SyncStore``).
///
/// Implemented by ``SQLiteStore`` (the embedded default) and ``PostgresStore`` (several server
/// instances over one database). Implementations throw ``StorageError`` only; the HTTP layer maps
/// it to problem documents.
protocol AccountStore: Sendable {
    /// Creates an account; a seeker also gets the grant on their own records. A taken username is
    /// ``StorageError/alreadyExists(_:)``.
    func createAccount(
        id: UUID,
        username: String,
        displayName: String,
        role: Role,
        passwordHash: String,
        now: Date
    ) async throws
        -> StoredAccount
    func account(username: String) async throws -> StoredAccount?
    func account(id: UUID) async throws -> StoredAccount?
    /// Every account, by username.
    func accounts() async throws -> [StoredAccount]
    /// Whether an enabled admin exists (the first start asks for one).
    func hasAdmin() async throws -> Bool
    /// Changes the given members of an account; `nil` when there is no such account. A new display
    /// name or disabled flag takes a sequence number, so pulls carry the new directory.
    func updateAccount(username: String, passwordHash: String?, displayName: String?, disabled: Bool?) async throws -> StoredAccount?

    /// Stores a new login token (its hash only) for one device of an account.
    func insertToken(
        id: UUID,
        accountID: UUID,
        device: String,
        replica: ReplicaID?,
        hash: String,
        createdAt: Date,
        expiresAt: Date
    )
        async throws -> StoredToken?
    /// The token with this hash and its account.
    func token(hash: String) async throws -> (StoredToken, StoredAccount)?
    func touchToken(id: UUID, at now: Date) async throws
    /// Revokes one of an account's tokens; `false` when it has no such token.
    func revokeToken(id: UUID, accountID: UUID, at now: Date) async throws -> Bool
    /// An account's tokens, oldest first.
    func devices(accountID: UUID) async throws -> [StoredToken]
    /// The account whose device first pushed changes stamped with `replica`, if any did.
    func accountOfReplica(_ replica: ReplicaID) async throws -> UUID?

    /// Lets one password check go ahead or refuses it, atomically: refused (and not counted) while
    /// any of the throttles is blocked; otherwise counted at once as a failure for each, before the
    /// password is checked, so that concurrent attempts cannot all pass. Counts quiet since before
    /// `forgetBefore` start again from zero, and such rows are pruned.
    func admitLoginAttempt(_ throttles: [LoginThrottle], at now: Date, forgetBefore: Date) async throws -> LoginAdmission
    /// After a right password: the `clearing` counts start again, and the `forgiving` ones take back
    /// the one failure the admission counted (a shared address's successes never add up to a block).
    func settleSuccessfulLogin(clearing: [LoginThrottle], forgiving: [LoginThrottle], at now: Date) async throws

    /// Assigns a seeker to a counselor; `false` when the assignment already exists. The grant starts
    /// at a new sequence number, so the counselor's next pull delivers the seeker's records.
    func assign(counselor: UUID, seeker: UUID) async throws -> Bool
    /// Ends an assignment; `false` when there was none.
    func unassign(counselor: UUID, seeker: UUID) async throws -> Bool
    /// The seekers currently assigned to a counselor, by username.
    func caseload(counselor: UUID) async throws -> [StoredAccount]
    /// Every account with the usernames of the seekers assigned to it, for the admin's page.
    func accountsWithCaseloads() async throws -> [(account: AccountInfo, seekers: [String])]
    /// The owners `viewer` may see now (itself, for a seeker), by display name.
    func visibleOwners(viewer: UUID) async throws -> [VisibleOwner]
    /// Who writes as each replica id (display name and device), for a record's history.
    func replicaAuthors(_ replicas: Set<ReplicaID>) async throws -> [ReplicaID: ReplicaAuthor]

    /// Gives `account` a new feed token hash, replacing (and so revoking) any earlier one.
    func replaceCalendarFeed(account: UUID, tokenHash: String, now: Date) async throws
    /// Revokes the account's feed; answers whether it had one.
    func revokeCalendarFeed(account: UUID) async throws -> Bool
    /// The account whose feed has this token hash; `nil` for a token that is unknown, revoked, or
    /// whose account is disabled.
    func calendarFeedAccount(tokenHash: String) async throws -> AccountInfo?
}

extension AccountStore {
    func createAccount(username: String, displayName: String, role: Role, passwordHash: String, now: Date) async throws -> StoredAccount {
        try await createAccount(id: UUID(), username: username, displayName: displayName, role: role, passwordHash: passwordHash, now: now)
    }
}
