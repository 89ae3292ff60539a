import Logging
import NIOCore
import Synchronization

/// How many connections are open, in all and per client address, against the most the server
/// serves at once.
final class OpenConnections: Sendable {
    let limit: Int
    let perAddress: Int
    private let count = Atomic(0)
    private let byAddress = Mutex<[String: Int]>([:])
    private let logger: Logger

    init(limit: Int, perAddress: Int, logger: Logger) {
        self.limit = limit
        self.perAddress = perAddress
        self.logger = logger
    }

    /// Counts a new connection from `address` in; `false` (and not counted) when the server, or
    /// that address's share of it, is full. `nil` (a loopback peer: the proxy) counts in the total only.
    func admit(from address: String?) -> Bool {
        if let address {
            let admitted = byAddress.withLock { counts in
                let open = counts[address, default: 0]
                guard open < perAddress else { return false }
                counts[address] = open + 1
                return true
            }
            guard admitted else {
                logger.warning(
                    "closed a new connection from \(address): it has \(perAddress) open, the most one address may (FOLLOWUP_MAX_CONNECTIONS_PER_ADDRESS)"
                )
                return false
            }
        }
        let now = count.add(1, ordering: .relaxed).newValue
        guard now > limit else { return true }
        count.subtract(1, ordering: .relaxed)
        if let address { releaseAddress(address) }
        logger.warning("closed a new connection: \(limit) are open, the most this server serves at once (FOLLOWUP_MAX_CONNECTIONS)")
        return false
    }

    func release(from address: String?) {
        count.subtract(1, ordering: .relaxed)
        if let address { releaseAddress(address) }
    }

    /// Connections open from `address` now.
    func open(from address: String) -> Int {
        byAddress.withLock { $0[address, default: 0] }
    }

    private func releaseAddress(_ address: String) {
        byAddress.withLock { counts in
            let open = counts[address, default: 0]
            if open <= 1 { counts[address] = nil } else { counts[address] = open - 1 }
        }
    }

    /// The address a connection is counted under: its peer's IP, or `nil` for the loopback
    /// address a reverse proxy on this machine connects from (127.0.0.1 or ::1; other loopback
    /// addresses such as 127.0.0.2 count as clients of their own).
    static func countedAddress(of peer: SocketAddress?) -> String? {
        guard let ip = peer?.ipAddress else { return nil }
        if ip == "127.0.0.1" || ip == "::1" || ip == "::ffff:127.0.0.1" { return nil }
        return ip
    }
}

/// Closes a connection beyond ``OpenConnections/limit`` (or its address's share) as soon as it
/// opens, so that a flood of connections cannot exhaust the process's file descriptors and starve
/// the ones being served.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Reads pass through untouched (the default `channelRead` forwards them); only the handler's
    /// lifetime, the connection's, counts.
    typealias InboundIn = NIOAny

    private let connections: OpenConnections
    private var counted = false
    private var address: String?

    init(connections: OpenConnections) {
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        address = OpenConnections.countedAddress(of: context.channel.remoteAddress)
        if connections.admit(from: address) {
            counted = true
        } else {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if counted { connections.release(from: address) }
        counted = false
    }
}
