import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import FollowUpTestSupport
import Foundation
import Synchronization
import Testing

/// `followup-server admin` is run by an operator beside the running server, on the same SQLite
/// file, from another process: neither may fail for the other, and what the admin writes reaches
/// waiting clients promptly.
@Suite("The admin command beside a running server", .timeLimit(.minutes(2)))
struct AdminBesideServerTests {
    @Test("a long poll is answered within moments of an assignment made by the admin command in another process")
    func longPollWokenByAdmin() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("carla", role: .counselor)
        try await harness.withServer { api in
            let anaToken = try await api.login("ana")
            let carla = try await api.login("carla")
            var factory = harness.changeFactory()
            let records = (0..<12).map { _ in factory.interview(owner: ana.id) }
            try await api.pushAccepted(records, token: anaToken)
            let cursor = try #require(try await api.pullAll(token: carla).last?.cursor)

            // Carla's client waits for news (longer than the server's own recheck interval) …
            async let answered: (APIClient.Reply, ContinuousClock.Instant) = {
                let reply = try await api.pull(token: carla, cursor: cursor, wait: 20)
                return (reply, ContinuousClock.now)
            }()
            try await Task.sleep(for: .milliseconds(300))
            // … while an operator assigns Ana to her, from another process.
            try await ServerProcess.admin(["assign", "carla", "ana"], data: harness.directory.path, environment: harness.processEnvironment)
            let assigned = ContinuousClock.now

            let (reply, at) = try await answered
            #expect(reply.status == 200)
            #expect(Set(try reply.page().entities.map(\.id)) == Set(records.map(\.entity)), "Ana's records arrive in the woken pull")
            // The commit watch looks every 250 ms; without it the pull would wait for its own 5 s
            // recheck. The margin is for a loaded two-core machine running the whole suite.
            #expect(at - assigned < .milliseconds(2_500), "answered \(at - assigned) after the admin command finished")
        }
    }

    @Test("the admin command writes while the server takes pushes: every push is accepted, every admin command succeeds")
    func adminWritesDuringPushes() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("carla", role: .counselor)
        let operatorDone = Flag()
        try await harness.withServer { api in
            let token = try await api.login("ana")
            let (pushed, batches) = try await withThrowingTaskGroup(of: (changes: Int, batches: Int).self) { group in
                // Four clients push batches of 100 until the operator is done …
                for pusher in 0..<4 {
                    group.addTask {
                        var factory = harness.changeFactory(replica: UInt64(pusher + 1))
                        var accepted = 0
                        var batches = 0
                        repeat {
                            let results = try await api.pushAccepted((0..<100).map { _ in factory.interview(owner: ana.id) }, token: token)
                            accepted += results.count
                            batches += 1
                        } while !operatorDone.isSet
                        return (accepted, batches)
                    }
                }
                // … while the operator creates accounts, changes a caseload back and forth and lists devices.
                for index in 0..<5 {
                    try await ServerProcess.admin(
                        ["create-account", "seeker\(index)", "--role", "seeker"],
                        data: harness.directory.path,
                        password: "password \(index)",
                        environment: harness.processEnvironment
                    )
                    try await ServerProcess.admin(
                        ["assign", "carla", "seeker\(index)"],
                        data: harness.directory.path,
                        environment: harness.processEnvironment
                    )
                }
                try await ServerProcess.admin(
                    ["unassign", "carla", "seeker0"],
                    data: harness.directory.path,
                    environment: harness.processEnvironment
                )
                let devices = try await ServerProcess.admin(
                    ["devices", "ana"],
                    data: harness.directory.path,
                    environment: harness.processEnvironment
                )
                #expect(devices.contains("test device"))
                operatorDone.set()
                return try await group.reduce((0, 0)) { ($0.0 + $1.changes, $0.1 + $1.batches) }
            }
            #expect(batches > 4, "the pushes went on while the admin command wrote")
            #expect(try await api.pullAll(token: token, limit: 1_000).flatMap(\.entities).count == pushed, "every accepted change is stored")
            let caseload = try await ServerProcess.admin(
                ["caseload", "carla"],
                data: harness.directory.path,
                environment: harness.processEnvironment
            )
            #expect((1..<5).allSatisfy { caseload.contains("seeker\($0)") } && !caseload.contains("seeker0"), "\(caseload)")
        }
    }
}

/// A flag one task raises and others watch.
private final class Flag: Sendable {
    private let raised = Atomic(false)

    var isSet: Bool { raised.load(ordering: .acquiring) }

    func set() { raised.store(true, ordering: .releasing) }
}
