public import FollowUpProtocol
import FollowUpWire

/// A page of a pull whose answer has begun: the head is here, the body is still to be read.
///
/// The head carries the cursor that continues after this page (from a server that sends it), so a
/// client can ask for the next page at once and let the server build it while this one downloads,
/// decodes and merges. Read ``page()`` once.
public struct PullStart: Sendable {
    /// Where the pull goes on after this page, as the answer's head says it.
    public struct Continuation: Sendable, Equatable {
        public var cursor: String
        public var hasMore: Bool
    }

    /// `nil` when the server does not send the cursor in the head (it is always in the body).
    public let next: Continuation?
    let answer: SyncClient.Answer
    let server: String

    /// Reads and decodes the page.
    public func page() async throws -> PullResponse {
        let data = try await answer.body()
        do {
            return try PullResponse.decode(json: data)
        } catch {
            throw ClientError.incompatibleServer("a page from \(server) is not what protocol v\(ProtocolVersion.current) describes: \(error)")
        }
    }
}
