import Foundation
import Hummingbird

/// The server's address as a client reached it, for the links the server hands out (a calendar
/// feed's address), from the API and from the web page alike.
enum PublicAddress {
    /// `https://host[:port]`: the scheme is https when the server speaks TLS itself or a reverse
    /// proxy says it was reached so (`X-Forwarded-Proto`); the host is the request's, which the
    /// proxy passes on.
    static func base(of request: Request, usesTLS: Bool) -> String {
        let forwarded = request.headers[.xForwardedProto]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces)
        let scheme = forwarded == "https" || usesTLS ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "localhost")"
    }
}
