import FollowUpClient
import FollowUpCore
import FollowUpTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Following the server live", .serialized, .timeLimit(.minutes(3)))
struct WatchTests {
    @Test("sync --watch brings another machine's change within moments, and stops on Ctrl-C")
    func watch() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        let desktop = deployment.machine("desktop")
        try await laptop.login(deployment.server, as: "ana")
        try await desktop.login(deployment.server, as: "ana")
        let watcher = try ChildProcess("followup", ["sync", "--watch"], environment: desktop.environment)
        try await watcher.waitFor("following")
        try await Task.sleep(for: .milliseconds(500))

        let id = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "Live Co."])))
        let pushed = ContinuousClock.now
        try await laptop.ok(["sync"])
        let replica = try Replica(directory: desktop.home)
        while try replica.interviews().isEmpty {
            #expect(ContinuousClock.now - pushed < .seconds(10), "the watcher should receive the change at once")
            if ContinuousClock.now - pushed > .seconds(10) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try replica.interviews().map(\.id.shortID) == [id])
        try await watcher.waitFor("received 1 record")

        // Local changes made while watching go out on the next round.
        try await desktop.ok(["interview", "add", "--company", "From the desktop"])
        watcher.signal(SIGINT)
        #expect(try await watcher.exitStatus(timeout: .seconds(10)) != nil)
        try await desktop.ok(["sync"])
        try await laptop.ok(["sync"])
        #expect(try await laptop.json(["interview", "list"], as: [InterviewSummary].self).count == 2)
        try await deployment.stop()
    }

    @Test("sync --watch keeps running while the server restarts, says so, and brings changes once it is back")
    func watchAcrossARestart() async throws {
        let deployment = try await Deployment.start(accounts: [("ana", "seeker")])
        let laptop = deployment.machine("laptop")
        let desktop = deployment.machine("desktop")
        try await laptop.login(deployment.server, as: "ana")
        try await desktop.login(deployment.server, as: "ana")
        let port = try #require(URLComponents(string: deployment.server.url)?.port)
        let watcher = try ChildProcess("followup", ["sync", "--watch"], environment: desktop.environment)
        try await watcher.waitFor("following")
        try await Task.sleep(for: .milliseconds(500))

        try await deployment.server.stop()
        try await watcher.waitFor("still watching", timeout: .seconds(20))
        let restarted = try await InProcessServer.start(data: deployment.server.dataDirectory, port: port)
        try await watcher.waitFor("the server is back", timeout: .seconds(40))
        let id = try #require(Machine.addedID(try await laptop.ok(["interview", "add", "--company", "After the restart"])))
        try await laptop.ok(["sync"])
        try await watcher.waitFor("received 1 record", timeout: .seconds(20))
        #expect(try Replica(directory: desktop.home).interviews().map(\.id.shortID) == [id])
        watcher.signal(SIGINT)
        #expect(try await watcher.exitStatus(timeout: .seconds(10)) != nil)
        try await restarted.stop()
        try? FileManager.default.removeItem(at: deployment.directory)
    }
}
