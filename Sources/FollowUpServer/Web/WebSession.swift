import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The web page's sign-in: a login token (the same as a device's) kept in an HTTP-only cookie, and
/// a CSRF token derived from it that every form carries back.
enum WebSession {
    static let cookie = "followup_session"
    /// Before sign-in: a random value in a cookie that the sign-in form must repeat.
    static let loginCookie = "followup_login"

    /// The session token the request carries, if any.
    static func token(of request: Request) -> String? {
        request.cookies[cookie].map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The form token for a session: a keyed hash of the session token, so it is worthless
    /// without the cookie and cannot be guessed from another session's.
    static func csrf(for token: String) -> String {
        let key = SymmetricKey(data: Data(token.utf8))
        return HMAC<SHA256>.authenticationCode(for: Data("followup-csrf".utf8), using: key).prefix(16)
            .reduce(into: "") { $0 += String($1 >> 4, radix: 16) + String($1 & 0x0f, radix: 16) }
    }

    /// Whether two tokens are equal, in time that does not depend on where they differ.
    static func matches(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, a.utf8.count == b.utf8.count, !a.isEmpty else { return false }
        return zip(a.utf8, b.utf8).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func setCookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/web; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    static func newLoginToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0x0f, radix: 16)
        }.joined()
    }

    /// The fields of an `application/x-www-form-urlencoded` body (the last of a repeated name).
    static func form(_ body: ByteBuffer) -> [String: String] {
        let text = String(buffer: body).replacingOccurrences(of: "+", with: " ")
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first?.removingPercentEncoding else { continue }
            fields[name] = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? "") : ""
        }
        return fields
    }
}
