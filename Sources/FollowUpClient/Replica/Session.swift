public import FollowUpProtocol
public import Foundation
import GRDB

/// Which server and account this replica belongs to. A replica is bound to one account at its
/// first login and stays bound after logout, so offline work never changes hands.
public struct Session: Codable, Sendable, Equatable {
    public var serverURL: String
    public var account: AccountInfo
    public var device: String
    /// `nil` after logout or once the server refused it.
    public var token: String?
}

extension Replica {
    public func session() throws -> Session? {
        try read { db in try Self.session(db) }
    }

    static func session(_ db: Database) throws -> Session? {
        guard let server = try Meta.get(.serverURL, db), let accountText = try Meta.get(.account, db) else { return nil }
        let account: AccountInfo
        do {
            account = try JSONDecoder().decode(AccountInfo.self, from: Data(accountText.utf8))
        } catch {
            // Never taken as "not logged in": that would lift the guard that keeps this replica's
            // work with its account.
            throw ClientError.storage("the stored login cannot be read (\(error)); the replica's file is damaged")
        }
        return Session(serverURL: server, account: account, device: try Meta.get(.device, db) ?? "", token: try Meta.get(.token, db))
    }

    /// The session, or `notLoggedIn`.
    public func requireSession() throws -> Session {
        guard let session = try session() else { throw ClientError.notLoggedIn }
        return session
    }

    /// Binds the replica to a login. A replica already holding another account's work refuses.
    public func bind(_ login: LoginResponse, serverURL: String, serverID: UUID) throws {
        try storage {
            try queue.write { db in
                if let current = try Self.session(db), current.account.id != login.account.id {
                    let hasWork = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM entities) + (SELECT COUNT(*) FROM outbox)") ?? 0
                    if hasWork > 0 {
                        throw ClientError.invalidInput(
                            "this replica holds \(current.account.username)'s records; log in as \(current.account.username), or use another FOLLOWUP_HOME for \(login.account.username)"
                        )
                    }
                }
                if let knownServer = try Meta.get(.serverID, db), knownServer != serverID.uuidString.lowercased() {
                    // Another server (or the same one rebuilt): its cursors mean nothing here.
                    try Meta.set(.cursor, nil, db)
                }
                try Meta.set(.serverURL, serverURL, db)
                try Meta.set(.serverID, serverID.uuidString.lowercased(), db)
                try Meta.set(.account, String(decoding: try JSONEncoder().encode(login.account), as: UTF8.self), db)
                try Meta.set(.device, login.device.name, db)
                try Meta.set(.token, login.token, db)
            }
        }
    }

    /// Forgets the token (logout, or the server ended the session); the account binding stays.
    public func clearToken() throws {
        try storage { try queue.write { db in try Meta.set(.token, nil, db) } }
    }
}
