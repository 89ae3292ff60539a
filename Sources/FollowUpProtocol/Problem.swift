import Foundation

/// An error as the protocol reports it: an RFC 9457 problem details object, served as
/// `application/problem+json` with the same status code as the response.
public struct Problem: Codable, Hashable, Sendable, Error, CustomStringConvertible {
    /// A URN naming the kind of problem; see ``ProblemType``.
    public var type: String
    /// A short summary that does not change between occurrences.
    public var title: String
    public var status: Int
    /// What went wrong this time, for a person.
    public var detail: String
    /// The request member at fault, e.g. `changes[2].at`.
    public var field: String?
    /// The request id, to find the request in the server's logs.
    public var requestId: String?
    /// Seconds to wait before retrying (too many login attempts).
    public var retryAfter: Int?

    public init(type: ProblemType, detail: String, field: String? = nil, requestId: String? = nil, retryAfter: Int? = nil) {
        self.type = type.urn
        self.title = type.title
        self.status = type.status
        self.detail = detail
        self.field = field
        self.requestId = requestId
        self.retryAfter = retryAfter
    }

    /// The problem's kind, if it is one this version knows.
    public var kind: ProblemType? { ProblemType(urn: type) }

    public var description: String { field.map { "\(detail) (\($0))" } ?? detail }

    public static let mediaType = "application/problem+json"
}

/// Every kind of problem the server reports. The URN is `urn:followup:problem:<slug>`.
public enum ProblemType: String, CaseIterable, Hashable, Sendable {
    case invalidJSON = "invalid-json"
    case invalidRequest = "invalid-request"
    case unsupportedMediaType = "unsupported-media-type"
    case bodyTooLarge = "body-too-large"
    case batchTooLarge = "batch-too-large"
    case unauthorized
    case invalidCredentials = "invalid-credentials"
    case tokenExpired = "token-expired"
    case tokenRevoked = "token-revoked"
    case accountDisabled = "account-disabled"
    case tooManyAttempts = "too-many-attempts"
    case tooManyRequests = "too-many-requests"
    case forbidden
    case notFound = "not-found"
    case methodNotAllowed = "method-not-allowed"
    case requestTimeout = "request-timeout"
    case headersTooLarge = "headers-too-large"
    case invalidHTTP = "invalid-http"
    case unsupportedVersion = "unsupported-version"
    case invalidCursor = "invalid-cursor"
    case foreignCursor = "foreign-cursor"
    case staleCursor = "stale-cursor"
    case conflict
    case internalError = "internal-error"
    case unavailable

    public var urn: String { "urn:followup:problem:\(rawValue)" }

    public init?(urn: String) {
        let prefix = "urn:followup:problem:"
        guard urn.hasPrefix(prefix) else { return nil }
        self.init(rawValue: String(urn.dropFirst(prefix.count)))
    }

    /// The HTTP status code this problem is served with.
    public var status: Int {
        switch self {
        case .invalidJSON, .invalidCursor, .invalidHTTP: 400
        case .unauthorized, .invalidCredentials, .tokenExpired, .tokenRevoked: 401
        case .accountDisabled, .forbidden: 403
        case .notFound, .unsupportedVersion: 404
        case .methodNotAllowed: 405
        case .requestTimeout: 408
        case .headersTooLarge: 431
        case .foreignCursor, .staleCursor, .conflict: 409
        case .bodyTooLarge, .batchTooLarge: 413
        case .unsupportedMediaType: 415
        case .invalidRequest: 422
        case .tooManyAttempts, .tooManyRequests: 429
        case .internalError: 500
        case .unavailable: 503
        }
    }

    public var title: String {
        switch self {
        case .invalidJSON: "The body is not valid JSON"
        case .invalidRequest: "The request is not valid"
        case .unsupportedMediaType: "Unsupported media type or encoding"
        case .bodyTooLarge: "The body is too large"
        case .batchTooLarge: "Too many changes in one push"
        case .unauthorized: "Authentication required"
        case .invalidCredentials: "Wrong username or password"
        case .tokenExpired: "The token has expired"
        case .tokenRevoked: "The token was revoked"
        case .accountDisabled: "The account is disabled"
        case .tooManyAttempts: "Too many failed logins"
        case .tooManyRequests: "Too many requests"
        case .forbidden: "Not allowed"
        case .notFound: "Not found"
        case .methodNotAllowed: "Method not allowed"
        case .requestTimeout: "The body did not arrive in time"
        case .headersTooLarge: "The request line or headers are too large"
        case .invalidHTTP: "The request is not valid HTTP"
        case .unsupportedVersion: "Unsupported protocol version"
        case .invalidCursor: "The cursor is not valid"
        case .foreignCursor: "The cursor belongs to another server or account"
        case .staleCursor: "The cursor is ahead of the server"
        case .conflict: "Conflict"
        case .internalError: "Internal server error"
        case .unavailable: "Service unavailable"
        }
    }
}
