import FollowUpProtocol

/// The pages of a pull after a cursor, fetched ahead of the one being merged.
///
/// Each page is asked for as soon as the previous answer's head names its cursor (a server that
/// does not send it there is asked once the previous body is decoded), and decoded and prepared
/// (``PreparedPage``) as it arrives, so the server builds the next page while this client merges
/// the last one. At most `ahead`
/// pages beyond the one being merged are asked for; pages come out in order.
struct PageStream: Sendable {
    /// Each page's download, decoding and preparation, in order; the stream ends after the last page.
    let pages: AsyncThrowingStream<Task<PreparedPage, any Error>, any Error>
    private let permits: AsyncStream<Void>.Continuation
    private let fetcher: Task<Void, Never>

    init(client: SyncClient, after cursor: String, limit: Int, ahead: Int) {
        let (pages, output) = AsyncThrowingStream<Task<PreparedPage, any Error>, any Error>.makeStream()
        let (permitStream, permits) = AsyncStream<Void>.makeStream()
        for _ in 0..<max(1, ahead) { permits.yield() }
        self.pages = pages
        self.permits = permits
        fetcher = Task {
            var permitsLeft = permitStream.makeAsyncIterator()
            var cursor = cursor
            do {
                while await permitsLeft.next() != nil, !Task.isCancelled {
                    let start = try await client.startPull(cursor: cursor, limit: limit)
                    let decoding = Task { PreparedPage(try await start.page()) }
                    output.yield(decoding)
                    var next = start.next
                    if next == nil {
                        let page = try await decoding.value.page
                        next = PullStart.Continuation(cursor: page.cursor, hasMore: page.hasMore)
                    }
                    guard let next, next.hasMore else { break }
                    cursor = next.cursor
                }
                output.finish()
            } catch {
                output.finish(throwing: error)
            }
        }
    }

    /// Lets one more page be asked for: call as each page taken from ``pages`` starts to merge.
    func taken() {
        permits.yield()
    }

    /// Stops asking for pages (the merge failed or is done).
    func cancel() {
        fetcher.cancel()
        permits.finish()
    }
}
