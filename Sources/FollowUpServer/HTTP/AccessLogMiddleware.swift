import FollowUpProtocol
import Foundation
import Hummingbird
import Logging

/// One log line per request, after it is answered: method, path, status and milliseconds, with the
/// request id (and the account, once known) as metadata.
///
/// Not Hummingbird's `LogRequestsMiddleware`: that one logs a request as it arrives, before there is
/// a status or a duration, and an access log is read for exactly those two. Errors reach this
/// middleware still thrown (Hummingbird renders them after), so their status is the error's own.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status, since: started, context: context)
            return response
        } catch {
            log(request, status: Self.status(of: error), since: started, context: context)
            throw error
        }
    }

    /// The status the client gets for `error` (``ProblemMiddleware`` maps it after this one).
    private static func status(of error: any Error) -> HTTPResponse.Status {
        switch error {
        case let error as any HTTPResponseError: error.status
        case StorageError.cannotOpen, StorageError.unavailable: .serviceUnavailable
        case StorageError.alreadyExists, StorageError.aheadOfData: .conflict
        default: .internalServerError
        }
    }

    private func log(_ request: Request, status: HTTPResponse.Status, since started: ContinuousClock.Instant, context: Context) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let line: Logger.Message = "\(request.method.rawValue) \(Self.loggedPath(request.uri.path)) \(status.code)"
        context.logger.info(line, metadata: ["ms": .string(String(format: "%.1f", milliseconds))])
    }

    /// The path as the log shows it: a calendar feed's address is its only credential (the
    /// database keeps just its hash), so its token never reaches the log.
    static func loggedPath(_ path: String) -> String {
        let feeds = Endpoint.calendars + "/"
        guard path.hasPrefix(feeds) else { return path }
        return feeds + "(token hidden)" + (path.hasSuffix(".ics") ? ".ics" : "")
    }
}
