import FollowUpProtocol
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id and turns every error into an ``APIError``, which Hummingbird renders
/// as a problem document.
///
/// A client-supplied `X-Request-ID` (up to 64 safe characters) is kept, so a request can be
/// followed from a reverse proxy's log into ours; every response carries it back.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = Self.requestID(from: request) ?? context.id
        context.requestID = requestID
        context.logger[metadataKey: "request_id"] = .string(requestID)
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = requestID
            return response
        } catch {
            var problem = Self.problem(for: error, request: request, context: context)
            problem.requestID = requestID
            throw problem
        }
    }

    private static func requestID(from request: Request) -> String? {
        guard let value = request.headers[.requestID], (1...64).contains(value.count),
            value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        else { return nil }
        return value
    }

    /// Maps any error to the problem the client sees; unexpected ones are logged in full here and
    /// reported to the client only by request id.
    static func problem(for error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            if error.type == .internalError {
                context.logger.error("internal error: \(error.detail)")
                return APIError(.internalError, detail: "the server failed to handle the request; quote request id \(context.requestID)")
            }
            return error
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                if let version = unsupportedVersion(in: request.uri.path) {
                    return APIError(
                        .unsupportedVersion,
                        detail: "this server speaks protocol version \(ProtocolVersion.current) (\(ProtocolVersion.pathPrefix)/…), not v\(version)"
                    )
                }
                return APIError(.notFound, detail: "there is no \(request.method) \(request.uri.path) in this API")
            case .methodNotAllowed:
                return APIError(.methodNotAllowed, detail: "\(request.uri.path) does not accept \(request.method)")
            case .contentTooLarge:
                return APIError(.bodyTooLarge, detail: "the request body is too large")
            default:
                return APIError(.invalidRequest, detail: error.body ?? "the request could not be handled (\(error.status.code))")
            }
        case let error as StorageError:
            switch error {
            case let .alreadyExists(detail): return APIError(.conflict, detail: detail)
            case let .aheadOfData(detail): return APIError(.staleCursor, detail: detail, field: "cursor")
            case .cannotOpen, .unavailable:
                context.logger.error("storage unavailable: \(error)")
                return APIError(.unavailable, detail: "the server cannot reach its database; try again shortly", retryAfter: 5)
            case .corrupt, .backupExists, .failed:
                context.logger.error("storage failure: \(error)")
                return APIError(.internalError, detail: "the server failed to handle the request; quote request id \(context.requestID)")
            }
        default:
            context.logger.error("unexpected error: \(String(reflecting: error))")
            return APIError(.internalError, detail: "the server failed to handle the request; quote request id \(context.requestID)")
        }
    }

    /// The version number when `path` starts with `/v<N>/` for a version this server does not speak.
    private static func unsupportedVersion(in path: String) -> Int? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = segments.first, first.hasPrefix("v"), let version = Int(first.dropFirst()), version != ProtocolVersion.current
        else { return nil }
        return version
    }
}
