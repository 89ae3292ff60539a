import ArgumentParser
import FollowUpServer
import Foundation
import Hummingbird
import Logging

/// `followup-server serve`: runs the server until SIGINT or SIGTERM, then finishes in-flight requests.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the sync server.",
        discussion: """
            Environment variables (flags win): FOLLOWUP_DATA, FOLLOWUP_DATABASE_URL, FOLLOWUP_DATABASE_POOL,
            FOLLOWUP_DATABASE_TIMEOUT, FOLLOWUP_HOST, FOLLOWUP_PORT, FOLLOWUP_TLS_CERT,
            FOLLOWUP_TLS_KEY, FOLLOWUP_MAX_BODY_BYTES, FOLLOWUP_MAX_BATCH, FOLLOWUP_MAX_PAGE, FOLLOWUP_MAX_WAIT,
            FOLLOWUP_PULL_COMPRESSION, FOLLOWUP_IDLE_TIMEOUT, FOLLOWUP_BODY_TIMEOUT, FOLLOWUP_MAX_CONNECTIONS,
            FOLLOWUP_MAX_CONNECTIONS_PER_ADDRESS, FOLLOWUP_FATE_RETENTION_DAYS, FOLLOWUP_METRICS,
            FOLLOWUP_CLOCK_DRIFT_SECONDS, FOLLOWUP_TOKEN_DAYS, FOLLOWUP_BCRYPT_COST,
            FOLLOWUP_LOG_LEVEL.
            """
    )

    @OptionGroup var data: StorageOptions

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain, to serve HTTPS directly.", valueName: "file"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key for --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    func run() async throws {
        var configuration = try data.applied(to: ServerConfiguration(environment: ProcessInfo.processInfo.environment))
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let tlsCertificate { configuration.tlsCertificatePath = tlsCertificate }
        if let tlsKey { configuration.tlsKeyPath = tlsKey }
        if let logLevel { configuration.logLevel = logLevel }
        try configuration.validate()
        let settings = configuration

        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "followup-server")
        let location = try configuration.databaseLocation()
        let storage = try await data.openStorage(configuration, at: location, create: true, logger: logger)
        if case .sqlite = location { try ServingLock.holdWhileServing(directory: configuration.dataDirectory) }
        let accounts = AccountService(
            storage: storage,
            bcryptCost: configuration.bcryptCost,
            tokenLifetime: configuration.tokenLifetime,
            now: { Date() }
        )
        if try await !accounts.hasAdmin() {
            let flag = configuration.databaseURL == nil ? "--data \(configuration.dataDirectory)" : "--database URL"
            logger.notice("No admin account yet. Create one with: followup-server admin create-account NAME --role admin \(flag)")
        }
        let scheme = configuration.tlsCertificatePath == nil ? "http" : "https"
        let dataDescription: String =
            switch location {
            case .sqlite: "data in \(configuration.dataDirectory)"
            case .postgres(let postgres): "data in \(postgres)"
            }
        let app = try await FollowUpServer.makeApplication(
            configuration: configuration,
            storage: storage,
            logger: logger,
            onServerRunning: { port in
                logger.notice("FollowUp server listening on \(scheme)://\(settings.host):\(port), \(dataDescription)")
            }
        )
        try await app.runService()
        try await storage.close()
        logger.notice("stopped")
    }
}
