import HTTPTypes
import Hummingbird

/// What a careful web application sends with every page of `/web`: a content security policy that
/// allows only the page's own style sheet and forms (no scripts, no framing by another site), no
/// content sniffing, no referrer to other sites; and `Secure` on every cookie whenever the browser
/// reached the server over HTTPS — the server's own TLS, or a reverse proxy on this machine that
/// says so in `X-Forwarded-Proto` (as the shipped nginx configurations do).
struct WebSecurityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Whether the server itself speaks TLS.
    let usesTLS: Bool

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        if usesTLS || ClientAddress.forwardedOverHTTPS(request, context: context) {
            let cookies = response.headers[values: .setCookie]
            if !cookies.isEmpty {
                response.headers[values: .setCookie] = cookies.map { $0.hasSuffix("; Secure") ? $0 : $0 + "; Secure" }
            }
        }
        return response
    }
}
