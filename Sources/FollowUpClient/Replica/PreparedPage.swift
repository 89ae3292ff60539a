import FollowUpProtocol

/// A pulled page with its records' listing rows already worked out (see ``ProjectionRow``): made on
/// the thread that decodes pages, so merging the page in its transaction only binds and writes.
struct PreparedPage: Sendable {
    let page: PullResponse
    /// One per entity of the page, in its order; used for the records the replica did not have.
    let rows: [ProjectionRow]

    init(_ page: PullResponse) {
        self.page = page
        rows = page.entities.map(ProjectionRow.init)
    }
}
