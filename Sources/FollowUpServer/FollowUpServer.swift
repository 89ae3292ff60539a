import FollowUpProtocol
public import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOSSL

/// Builds the sync server: routes, middleware and services over its storage (SQLite or PostgreSQL).
///
/// ```swift
/// let storage = try await ServerStorage.open(.sqlite(path: configuration.databasePath), logger: logger)
/// let app = try await FollowUpServer.makeApplication(configuration: configuration, storage: storage, logger: logger)
/// try await app.runService()   // stops gracefully on SIGINT and SIGTERM
/// ```
public enum FollowUpServer {
    public static func makeApplication(
        configuration: ServerConfiguration,
        storage: ServerStorage,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() },
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let database = storage.store
        let accounts = try await AccountService(
            storage: storage,
            bcryptCost: configuration.bcryptCost,
            tokenLifetime: configuration.tokenLifetime,
            now: now
        ).servingLogins()
        let notifier = ChangeNotifier()
        let metrics = ServerMetrics()
        let sync = SyncService(database: database, notifier: notifier, configuration: configuration, metrics: metrics, now: now)
        let commitWatch = CommitWatch(store: database, notifier: notifier, interval: .milliseconds(250), logger: logger)
        let bodies = JSONBodyReader(maxBytes: configuration.maxBodyBytes, timeout: .seconds(configuration.bodyTimeoutSeconds))

        let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.middlewares.add(ProblemMiddleware())
        router.middlewares.add(AccessLogMiddleware())
        router.middlewares.add(RequestMetricsMiddleware(metrics: metrics))
        InfoRoutes(database: database, configuration: configuration).register(on: router)
        MetricsRoutes(metrics: metrics, accounts: accounts, open: configuration.metricsOpen).register(on: router)
        let version = router.group(RouterPath(ProtocolVersion.pathPrefix))
        let accountRoutes = AccountRoutes(accounts: accounts, bodies: bodies)
        accountRoutes.registerPublic(on: version)
        let authenticated = version.group().add(middleware: AuthenticationMiddleware(accounts: accounts))
        accountRoutes.register(on: authenticated)
        SyncRoutes(sync: sync, bodies: bodies, pageQuality: Int32(clamping: configuration.pullCompressionQuality)).register(on: authenticated)
        let feeds = CalendarFeedService(database: database)
        let calendars = CalendarRoutes(feeds: feeds, usesTLS: configuration.tlsCertificatePath != nil)
        calendars.register(authenticated: authenticated)
        calendars.register(public: router)
        WebRoutes(
            accounts: accounts,
            database: database,
            writer: WebWriter(sync: sync, serverID: database.serverID),
            feeds: feeds,
            summaries: CaseloadSummaries(database: database),
            library: try WebTemplates.library(),
            secure: configuration.tlsCertificatePath != nil,
            tokenLifetime: configuration.tokenLifetime,
            now: { Date() }
        ).register(on: router)
        let admin = version.group("admin").add(middleware: AuthenticationMiddleware(accounts: accounts, requiredRole: .admin))
        AdminRoutes(accounts: accounts, bodies: bodies).register(on: admin)
        router.refuseOtherMethods()

        let connections = OpenConnections(
            limit: configuration.maxConnections,
            perAddress: configuration.maxConnectionsPerAddress,
            logger: logger
        )
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionLimitHandler(connections: connections), MalformedRequestHandler()],
            idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds))
        )
        let server: HTTPServerBuilder
        if let certificate = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            )
            server = try .tls(.http1(configuration: http1), tlsConfiguration: tls)
        } else {
            server = .http1(configuration: http1)
        }
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "followup"),
            services: [
                commitWatch,
                FatePruning(database: database, retentionDays: configuration.fateRetentionDays, now: now, logger: logger),
            ],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}
