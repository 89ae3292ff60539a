import FollowUpClient
import FollowUpCore
import FollowUpProtocol
import FollowUpTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Killing `followup sync` (SIGKILL, no chance to clean up) in the middle of a push or a pull, then
/// syncing again, loses nothing and duplicates nothing.
@Suite("Interrupted sync", .serialized, .timeLimit(.minutes(3)))
struct InterruptedSyncTests {
    static let records = 8_000

    @Test("kill -9 during push and during pull, then sync again")
    func killedSync() async throws {
        let (deployment, laptop, desktop) = try await Deployment.anaOnLaptopAndDesktop(runner: .process)

        // Many records written straight into the laptop's replica file, in one transaction.
        let replica = try Replica(directory: laptop.home)
        let created = Set(try replica.writeInterviews(Self.records).map(\.lowercased))
        #expect(try replica.queuedCount() == Self.records)

        // Push: kill the sync as soon as the first batch was acknowledged, a few times over.
        var interruptedPushes = 0
        var remaining: [Int] = []
        for _ in 0..<3 {
            let before = try replica.queuedCount()
            if before == 0 { break }
            let sync = try ChildProcess("followup", ["sync"], environment: laptop.environment)
            // Watch on a thread of its own, so a busy test pool cannot make the kill late.
            try await ChildProcess.onOwnThread {
                while sync.process.isRunning, (try? replica.queuedCount()) == before { usleep(500) }
                sync.signal(SIGKILL)
            }
            _ = try await sync.exitStatus(timeout: .seconds(10))
            let after = try replica.queuedCount()
            remaining.append(after)
            #expect(after < before)
            if after > 0 { interruptedPushes += 1 }
        }
        #expect(interruptedPushes > 0, "at least one kill landed in the middle of a push; queued after each kill: \(remaining)")
        try await laptop.ok(["sync"])
        #expect(try replica.queuedCount() == 0)

        // Pull: a fresh replica in small pages, killed once it has part of the records.
        let fresh = try Replica(directory: desktop.home)
        var interruptedPulls = 0
        var received: [Int] = []
        for _ in 0..<3 {
            let before = try fresh.interviews().count
            if before == Self.records { break }
            let sync = try ChildProcess("followup", ["sync", "--page-size", "50"], environment: desktop.environment)
            try await ChildProcess.onOwnThread {
                while sync.process.isRunning, (try? fresh.interviews().count) == before { usleep(500) }
                sync.signal(SIGKILL)
            }
            _ = try await sync.exitStatus(timeout: .seconds(10))
            received.append(try fresh.interviews().count)
            if received.last ?? 0 < Self.records { interruptedPulls += 1 }
        }
        #expect(interruptedPulls > 0, "at least one kill landed in the middle of a pull; records after each kill: \(received)")
        try await desktop.ok(["sync"])
        let pulled = try fresh.interviews()
        #expect(pulled.count == Self.records)
        #expect(Set(pulled.map(\.id)) == created, "nothing lost, nothing duplicated")
        #expect(Set(try replica.interviews().map(\.id)) == created)
        // The server holds each record once: a third, fresh replica agrees.
        let third = deployment.machine("tablet")
        try await third.login(deployment.server, as: "ana")
        #expect(try await third.json(["sync"], as: SyncReport.self).pulled == Self.records)
        try await deployment.stop()
    }
}
