import FollowUpClient
import FollowUpCore
import FollowUpProtocol
import FollowUpTestSupport
import Foundation
import Testing

/// A pull of many pages asks for the next pages while it merges the last one (the server repeats
/// each page's cursor in the answer's head); whatever runs ahead, every page lands once, in order.
@Suite("Paged pull", .serialized, .timeLimit(.minutes(3)))
struct PagedPullTests {
    @Test("a pull in many small pages brings every record once, keeps its place, and then brings only what changed")
    func manySmallPages() async throws {
        let (deployment, laptop, desktop) = try await Deployment.anaOnLaptopAndDesktop()

        let replica = try Replica(directory: laptop.home)
        let owner = try replica.requireSession().account.id
        let created = try replica.writeInterviews(300)
        try await laptop.ok(["sync"])

        // 300 records in pages of 7: 43 pages, two of them asked for ahead of the one merging.
        let first = try await desktop.json(["sync", "--page-size", "7"], as: SyncReport.self)
        #expect(first.pulled == 300)
        let listed = try await desktop.json(["interview", "list"], as: [InterviewSummary].self)
        #expect(listed.count == 300)
        let missing = Set(created.map(\.lowercased)).subtracting(listed.map(\.id))
        #expect(missing.isEmpty && Set(listed.map(\.id)).count == 300, "nothing lost, nothing duplicated: \(missing.count) missing")
        #expect(try await desktop.json(["sync", "--page-size", "7"], as: SyncReport.self).pulled == 0, "the cursor kept its place")

        // Twenty records change on the laptop: the next paged pull brings exactly those.
        try replica.write { writer in
            for id in created.prefix(20) {
                var edit = Edit()
                edit.set(Interview.Field.company, text: "Renamed \(id.lowercased.prefix(4))")
                try writer.write(.interview, id: id, owner: owner, edit: edit)
            }
        }
        try await laptop.ok(["sync"])
        let delta = try await desktop.json(["sync", "--page-size", "3"], as: SyncReport.self)
        #expect(delta.pulled == 20)
        let renamed = try await desktop.json(["interview", "list"], as: [InterviewSummary].self).filter { $0.company?.hasPrefix("Renamed") == true }
        #expect(Set(renamed.map(\.id)) == Set(created.prefix(20).map(\.lowercased)), "\(renamed.count) of the 20 renamed")
        try await deployment.stop()
    }
}
