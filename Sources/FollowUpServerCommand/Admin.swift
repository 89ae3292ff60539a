import ArgumentParser
import FollowUpProtocol
import FollowUpServer
import Foundation
import Logging

/// `followup-server admin …`: account administration straight on the data directory, the same
/// operations as the admin HTTP endpoints. Safe while the server runs (SQLite WAL).
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage accounts, passwords and caseloads in a data directory.",
        subcommands: [
            CreateAccount.self, SetPassword.self, Disable.self, Enable.self, Accounts.self, Assign.self, Unassign.self, Caseload.self,
            Devices.self, RevokeDevice.self,
        ]
    )
}

/// The options every admin command shares, and the service they act through.
struct AdminOptions: ParsableArguments {
    @OptionGroup var data: StorageOptions

    /// Runs `body` with the account service on the data directory or PostgreSQL database, closed
    /// after. Only creating an account may create the directory (so the first admin can exist
    /// before the first start); everything else needs it to exist.
    func withService<Result>(creatingDirectory: Bool = false, _ body: (AccountService) async throws -> Result) async throws -> Result {
        let configuration = try data.applied(to: ServerConfiguration(environment: ProcessInfo.processInfo.environment))
        var logger = Logger(label: "followup-server")
        logger.logLevel = .warning
        let storage = try await data.openStorage(configuration, create: creatingDirectory, logger: logger)
        let service = AccountService(
            storage: storage,
            bcryptCost: configuration.bcryptCost,
            tokenLifetime: configuration.tokenLifetime,
            now: { Date() }
        )
        do {
            let result = try await body(service)
            try await storage.close()
            return result
        } catch {
            try? await storage.close()
            throw error
        }
    }
}

extension AccountInfo {
    /// One line of an account listing.
    var line: String {
        let padded = username.padding(toLength: max(username.count, 20), withPad: " ", startingAt: 0)
        return "\(padded) \(role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(displayName)\(disabled ? "  (disabled)" : "")"
    }
}

extension Admin {
    struct CreateAccount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-account",
            abstract: "Create an account; the password is prompted for, or read from standard input."
        )

        @OptionGroup var options: AdminOptions
        @Argument(help: "The username (letters, digits, '.', '_', '-').") var username: String
        @Option(help: "admin, counselor or seeker.") var role: Role
        @Option(help: "The name shown to others (default: the username).") var displayName: String?

        func run() async throws {
            let password = try PasswordInput.read(prompt: "Password for \(username): ")
            let account = try await options.withService(creatingDirectory: true) { service in
                try await service.createAccount(CreateAccountRequest(username: username, password: password, role: role, displayName: displayName))
            }
            print("created \(account.role.rawValue) \(account.username)")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-password", abstract: "Set an account's password.")

        @OptionGroup var options: AdminOptions
        @Argument var username: String

        func run() async throws {
            let password = try PasswordInput.read(prompt: "New password for \(username): ")
            let account = try await options.withService { try await $0.updateAccount(username, UpdateAccountRequest(password: password)) }
            print("password set for \(account.username)")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: no login, its tokens stop working, its records stay.")

        @OptionGroup var options: AdminOptions
        @Argument var username: String

        func run() async throws {
            let account = try await options.withService { try await $0.updateAccount(username, UpdateAccountRequest(disabled: true)) }
            print("disabled \(account.username)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")

        @OptionGroup var options: AdminOptions
        @Argument var username: String

        func run() async throws {
            let account = try await options.withService { try await $0.updateAccount(username, UpdateAccountRequest(disabled: false)) }
            print("enabled \(account.username)")
        }
    }

    struct Accounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every account.")

        @OptionGroup var options: AdminOptions

        func run() async throws {
            for account in try await options.withService({ try await $0.accounts() }).accounts { print(account.line) }
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign a seeker to a counselor's caseload.")

        @OptionGroup var options: AdminOptions
        @Argument var counselor: String
        @Argument var seeker: String

        func run() async throws {
            let (caseload, changed) = try await options.withService { try await $0.assign(seeker: seeker, to: counselor) }
            print(
                changed
                    ? "assigned \(seeker) to \(caseload.counselor.username)" : "\(seeker) was already in \(caseload.counselor.username)'s caseload"
            )
        }
    }

    struct Unassign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a seeker from a counselor's caseload.")

        @OptionGroup var options: AdminOptions
        @Argument var counselor: String
        @Argument var seeker: String

        func run() async throws {
            let (caseload, changed) = try await options.withService { try await $0.unassign(seeker: seeker, from: counselor) }
            guard changed else { throw CommandError("\(seeker) is not in \(caseload.counselor.username)'s caseload") }
            print("removed \(seeker) from \(caseload.counselor.username)'s caseload")
        }
    }

    struct Caseload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the seekers assigned to a counselor.")

        @OptionGroup var options: AdminOptions
        @Argument var counselor: String

        func run() async throws {
            for seeker in try await options.withService({ try await $0.caseload(of: counselor) }).seekers { print(seeker.line) }
        }
    }

    struct Devices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the devices (login tokens) of an account.")

        @OptionGroup var options: AdminOptions
        @Argument var username: String

        func run() async throws {
            for device in try await options.withService({ try await $0.devices(ofAccount: username) }).devices {
                let state = device.revoked ? "revoked" : (device.expiresAt < Date() ? "expired" : "active")
                let used = device.lastUsedAt.map { "last used \($0.formatted(.iso8601))" } ?? "never used"
                print("\(device.id.uuidString.lowercased())  \(state.padding(toLength: 8, withPad: " ", startingAt: 0))  \(device.name)  (\(used))")
            }
        }
    }

    struct RevokeDevice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-device", abstract: "Log a device out (revoke its token).")

        @OptionGroup var options: AdminOptions
        @Argument var username: String
        @Argument(help: "The device id, as `devices` lists it.") var device: String

        func run() async throws {
            guard let id = UUID(uuidString: device) else { throw CommandError("\(device) is not a device id; see `admin devices \(username)`") }
            try await options.withService { try await $0.revokeDevice(id, ofAccount: username) }
            print("revoked \(device)")
        }
    }
}
