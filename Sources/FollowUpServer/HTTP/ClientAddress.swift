import Foundation
import Hummingbird
import NIOCore

/// The address a request comes from, as login throttling counts it.
///
/// The connection's peer, unless the peer is on this machine (a reverse proxy such as the nginx of
/// `deploy/`): then the last address of `X-Forwarded-For`, the one that proxy added. A client cannot
/// choose its address by sending the header itself: from anywhere but this machine it is ignored,
/// and through the proxy only the proxy's own last entry counts.
enum ClientAddress {
    static func of(_ request: Request, context: AppRequestContext) -> String? {
        guard let peer = context.remoteAddress?.ipAddress else { return nil }
        guard isLoopback(peer), let forwarded = request.headers[.xForwardedFor] else { return peer }
        let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces) ?? ""
        return last.isEmpty ? peer : String(last.prefix(64))
    }

    /// Whether the browser reached a reverse proxy on this machine over HTTPS, as the proxy says in
    /// `X-Forwarded-Proto` (from anywhere else the header is ignored).
    static func forwardedOverHTTPS(_ request: Request, context: AppRequestContext) -> Bool {
        guard let peer = context.remoteAddress?.ipAddress, isLoopback(peer) else { return false }
        return request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    private static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
