import FollowUpCore
public import FollowUpProtocol
public import Foundation

/// Accounts, logins, devices and caseloads: used by the HTTP routes and by the server binary's
/// `admin` commands alike, so both enforce the same rules.
public struct AccountService: Sendable {
    let database: any AccountStore
    let hasher: PasswordHasher
    let tokenLifetime: TimeInterval
    let now: @Sendable () -> Date
    /// A hash of a random password, verified when the username is unknown so that a failed login
    /// takes as long whether or not the account exists (`nil` where no login is served).
    private(set) var decoyHash: String?

    /// Failed logins in a row for one account from one address before each further one blocks
    /// the next from that address. An attacker at one address is slowed to a guess per two
    /// minutes, while the account's owner, elsewhere, still gets in.
    public static let freeAttempts = 4
    /// Failed logins in a row for one account from all addresses together before the account
    /// itself is blocked: only guessing spread over many addresses reaches it.
    public static let freeAttemptsPerAccount = 100
    /// Failed logins from one address (any accounts) before each further one blocks the next:
    /// generous, as a career center's whole room may share one address. Counted before the
    /// password check, so a burst of logins over many usernames cannot all reach bcrypt.
    public static let freeAttemptsPerAddress = 20
    /// A count with no new failure for this long starts again from zero (and its row is deleted):
    /// a shared address's typos over a year never add up to a block.
    public static let forgetFailuresAfter: TimeInterval = 15 * 60
    /// The longest block: an attacker is slowed to one guess per two minutes, and the real user
    /// never waits longer than that.
    static let longestBlock: TimeInterval = 120

    /// 1, 2, 4 … seconds, up to ``longestBlock``, once the free attempts are used.
    static func block(after failures: Int, free: Int) -> TimeInterval {
        failures <= free ? 0 : min(longestBlock, pow(2, Double(min(failures - free - 1, 16))))
    }

    static let pairDelay: @Sendable (Int) -> TimeInterval = { block(after: $0, free: freeAttempts) }
    static let accountDelay: @Sendable (Int) -> TimeInterval = { block(after: $0, free: freeAttemptsPerAccount) }
    static let addressDelay: @Sendable (Int) -> TimeInterval = { block(after: $0, free: freeAttemptsPerAddress) }

    /// The counts a login from `client` for `username` takes: the account at that address, the
    /// account anywhere, and the address. Without a known address (a test calling the service
    /// directly), the account alone, as strictly as an account at one address.
    static func throttles(username: String, client: String?) -> (all: [LoginThrottle], clearing: [LoginThrottle], forgiving: [LoginThrottle]) {
        guard let client else {
            let account = LoginThrottle(key: username, delay: pairDelay)
            return ([account], [account], [])
        }
        // Usernames hold no "@", so the three kinds of key never meet.
        let pair = LoginThrottle(key: username + "@" + client, delay: pairDelay)
        let account = LoginThrottle(key: username, delay: accountDelay)
        let address = LoginThrottle(key: "@" + client, delay: addressDelay)
        return ([pair, account, address], [pair, account], [address])
    }

    public init(
        storage: ServerStorage,
        bcryptCost: UInt8,
        tokenLifetime: TimeInterval,
        now: @escaping @Sendable () -> Date,
        decoyHash: String? = nil
    ) {
        self.database = storage.store
        self.hasher = PasswordHasher(cost: bcryptCost)
        self.tokenLifetime = tokenLifetime
        self.now = now
        self.decoyHash = decoyHash
    }

    /// The same service, with a decoy hash made at the configured cost for serving logins.
    func servingLogins() async throws -> AccountService {
        var serving = self
        serving.decoyHash = try await hasher.hash(BearerToken.generate())
        return serving
    }

    // MARK: Logging in

    func login(_ request: LoginRequest, from client: String? = nil) async throws -> LoginResponse {
        let device = try AccountRules.device(request.device)
        let username = (try? AccountRules.username(request.username)) ?? ""
        let now = now()
        // Every count is taken before the password check, atomically, so that concurrent guesses
        // cannot all pass it; a right password then gives its count back.
        let throttles = Self.throttles(username: username, client: client)
        let admission = try await database.admitLoginAttempt(
            throttles.all,
            at: now,
            forgetBefore: now.addingTimeInterval(-Self.forgetFailuresAfter)
        )
        if case let .blocked(until) = admission {
            // Whole seconds, rounded up, ignoring the sub-millisecond noise of stored timestamps.
            let seconds = max(1, Int((until.timeIntervalSince(now) - 0.001).rounded(.up)))
            throw APIError(
                .tooManyAttempts,
                detail: "too many failed logins for this account or from this address; try again in \(seconds) s",
                retryAfter: seconds
            )
        }
        let found = username.isEmpty ? nil : try await database.account(username: username)
        let hash = found?.passwordHash ?? decoyHash
        let valid = try await hash.asyncMap { try await hasher.verify(request.password, against: $0) } ?? false
        guard valid, let account = found else {
            throw APIError(.invalidCredentials, detail: "the username or password is wrong")
        }
        try await database.settleSuccessfulLogin(clearing: throttles.clearing, forgiving: throttles.forgiving, at: now)
        guard !account.disabled else {
            throw APIError(.accountDisabled, detail: "the account \(account.username) is disabled; ask an administrator")
        }
        if let replica = request.replica, let owner = try await database.accountOfReplica(replica), owner != account.id {
            throw APIError(
                .conflict,
                detail: "replica \(replica) writes for another account; log in from a replica of your own (another FOLLOWUP_HOME)",
                field: "replica"
            )
        }
        let token = BearerToken.generate()
        let expires = now.addingTimeInterval(tokenLifetime)
        guard
            let stored = try await database.insertToken(
                id: UUID(),
                accountID: account.id,
                device: device,
                replica: request.replica,
                hash: BearerToken.hash(token),
                createdAt: now,
                expiresAt: expires
            )
        else { throw APIError(.internalError, detail: "the new token could not be read back") }
        return LoginResponse(token: token, expiresAt: expires, account: account.info, device: stored.info(current: stored.id))
    }

    /// The identity behind an `Authorization` header value.
    func authenticate(authorization: String?) async throws -> Identity {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else {
            throw APIError(.unauthorized, detail: "log in first, then send Authorization: Bearer <token>")
        }
        let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.utf8.count <= 256, let (stored, account) = try await database.token(hash: BearerToken.hash(token)) else {
            throw APIError(.unauthorized, detail: "the token is not valid on this server; log in again")
        }
        let now = now()
        if stored.revokedAt != nil {
            throw APIError(.tokenRevoked, detail: "this device was logged out (its token was revoked); log in again")
        }
        if stored.expiresAt <= now {
            throw APIError(.tokenExpired, detail: "the token expired on \(stored.expiresAt.formatted(.iso8601)); log in again")
        }
        if account.disabled {
            throw APIError(.accountDisabled, detail: "the account \(account.username) is disabled; ask an administrator")
        }
        if stored.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await database.touchToken(id: stored.id, at: now)
        }
        return Identity(account: account.info, tokenID: stored.id, device: stored.device, replica: stored.replica)
    }

    func logout(_ identity: Identity) async throws {
        _ = try await database.revokeToken(id: identity.tokenID, accountID: identity.account.id, at: now())
    }

    func devices(of identity: Identity) async throws -> DeviceList {
        DeviceList(devices: try await database.devices(accountID: identity.account.id).map { $0.info(current: identity.tokenID) })
    }

    func revokeDevice(_ id: UUID, of identity: Identity) async throws {
        guard try await database.revokeToken(id: id, accountID: identity.account.id, at: now()) else {
            throw APIError(.notFound, detail: "you have no device with id \(id.lowercased)")
        }
    }

    // MARK: Administration

    public func createAccount(_ request: CreateAccountRequest) async throws -> AccountInfo {
        let username = try AccountRules.username(request.username)
        try AccountRules.password(request.password)
        let displayName = try AccountRules.displayName(request.displayName, fallback: username)
        let hash = try await hasher.hash(request.password)
        return try await database.createAccount(
            username: username,
            displayName: displayName,
            role: request.role,
            passwordHash: hash,
            now: now()
        ).info
    }

    public func accounts() async throws -> AccountList {
        AccountList(accounts: try await database.accounts().map(\.info))
    }

    public func account(_ username: String) async throws -> AccountInfo {
        try await stored(username).info
    }

    public func updateAccount(_ username: String, _ request: UpdateAccountRequest) async throws -> AccountInfo {
        let account = try await stored(username)
        if let password = request.password { try AccountRules.password(password) }
        let displayName = try request.displayName.map { try AccountRules.displayName($0, fallback: account.username) }
        let hash = try await request.password.asyncMap { try await hasher.hash($0) }
        guard
            let updated = try await database.updateAccount(
                username: account.username,
                passwordHash: hash,
                displayName: displayName,
                disabled: request.disabled
            )
        else { throw APIError(.notFound, detail: "there is no account named \"\(username)\"") }
        return updated.info
    }

    public func devices(ofAccount username: String) async throws -> DeviceList {
        let account = try await stored(username)
        return DeviceList(devices: try await database.devices(accountID: account.id).map { $0.info(current: nil) })
    }

    public func revokeDevice(_ id: UUID, ofAccount username: String) async throws {
        let account = try await stored(username)
        guard try await database.revokeToken(id: id, accountID: account.id, at: now()) else {
            throw APIError(.notFound, detail: "\(account.username) has no device with id \(id.lowercased)")
        }
    }

    public func caseload(of counselorName: String) async throws -> Caseload {
        let counselor = try await stored(counselorName, role: .counselor)
        return Caseload(counselor: counselor.info, seekers: try await database.caseload(counselor: counselor.id).map(\.info))
    }

    /// Assigns a seeker to a counselor; answers with the counselor's caseload and whether it changed.
    public func assign(seeker seekerName: String, to counselorName: String) async throws -> (Caseload, changed: Bool) {
        let counselor = try await stored(counselorName, role: .counselor)
        let seeker = try await stored(seekerName, role: .seeker)
        let changed = try await database.assign(counselor: counselor.id, seeker: seeker.id)
        return (try await caseload(of: counselor.username), changed)
    }

    public func unassign(seeker seekerName: String, from counselorName: String) async throws -> (Caseload, changed: Bool) {
        let counselor = try await stored(counselorName, role: .counselor)
        let seeker = try await stored(seekerName, role: .seeker)
        let changed = try await database.unassign(counselor: counselor.id, seeker: seeker.id)
        return (try await caseload(of: counselor.username), changed)
    }

    public func hasAdmin() async throws -> Bool {
        try await database.hasAdmin()
    }

    private func stored(_ rawName: String, role: Role? = nil) async throws -> StoredAccount {
        let name = (try? AccountRules.username(rawName)) ?? rawName
        guard let account = try await database.account(username: name) else {
            throw APIError(.notFound, detail: "there is no account named \"\(rawName.prefix(64))\"")
        }
        if let role, account.role != role {
            throw APIError(
                .invalidRequest,
                detail: "\(account.username) is \(account.role.rawValue.withIndefiniteArticle), not \(role.rawValue.withIndefiniteArticle)"
            )
        }
        return account
    }
}

extension Optional {
    fileprivate func asyncMap<Mapped>(_ transform: (Wrapped) async throws -> Mapped) async rethrows -> Mapped? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
