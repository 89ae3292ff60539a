import Logging
import NIOCore
import Synchronization

/// How many connections are open, against the most the server serves at once.
final class OpenConnections: Sendable {
    let limit: Int
    private let count = Atomic(0)
    private let logger: Logger

    init(limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// Counts a new connection in; `false` (and not counted) when the server is full.
    func admit() -> Bool {
        let now = count.add(1, ordering: .relaxed).newValue
        guard now > limit else { return true }
        count.subtract(1, ordering: .relaxed)
        logger.warning("closed a new connection: \(limit) are open, the most this server serves at once (FOLLOWUP_MAX_CONNECTIONS)")
        return false
    }

    func release() {
        count.subtract(1, ordering: .relaxed)
    }
}

/// Closes a connection beyond ``OpenConnections/limit`` as soon as it opens, so that a flood of
/// connections cannot exhaust the process's file descriptors and starve the ones being served.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Reads pass through untouched (the default `channelRead` forwards them); only the handler's
    /// lifetime, the connection's, counts.
    typealias InboundIn = NIOAny

    private let connections: OpenConnections
    private var counted = false

    init(connections: OpenConnections) {
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if connections.admit() {
            counted = true
        } else {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if counted { connections.release() }
        counted = false
    }
}
