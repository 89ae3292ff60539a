import ArgumentParser
import FollowUpClient
import FollowUpCore
import FollowUpProtocol
import Foundation

/// The sync workloads W1–W4 and the conflict probe of WORKLOADS.md against the release-built server,
/// with their physical baselines measured in the same run.
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Run W1–W4, the conflict probe, the 1M-change history pull and the CLI timings; print a table and write JSON.",
        discussion:
            "Build first: swift build -c release. The benchmark starts .build/release/followup-server itself, on a fresh data directory per repetition."
    )

    @Option(help: "Repetitions of every workload (a fresh server each); medians are reported.") var repetitions = 3
    @Option(help: "Records in W1 and W2.") var records = 10_000
    @Option(help: "Changes the history server holds before the incremental pull (0 skips it).") var history = 1_000_000
    @OptionGroup var options: BenchRunOptions
    @Option(help: "Brotli quality (0–11) the server compresses pull pages at (its FOLLOWUP_PULL_COMPRESSION; default: the server's).")
    var pullCompression: Int?
    @Option(help: "Backends to measure, one table each: sqlite, postgres, or sqlite,postgres.") var backend = "sqlite"
    @Option(
        help: ArgumentHelp(
            "A PostgreSQL cluster whose user may create databases (default: $FOLLOWUP_BENCH_POSTGRES); a new database per server.",
            valueName: "url"
        )
    )
    var postgres: String?
    @Option(help: "Server instances on one PostgreSQL database, one table each, e.g. 1,3.") var instances = "1"

    /// The setups to measure, in order: SQLite with one server, then PostgreSQL with each instance count.
    func setups() throws -> [BenchBackend] {
        var setups: [BenchBackend] = []
        for name in backend.split(separator: ",") {
            switch name {
            case "sqlite": setups.append(.sqlite)
            case "postgres":
                guard let cluster = postgres ?? ProcessInfo.processInfo.environment["FOLLOWUP_BENCH_POSTGRES"] else {
                    throw ValidationError("--backend postgres needs --postgres URL (or FOLLOWUP_BENCH_POSTGRES); scripts/postgres starts a cluster")
                }
                for count in instances.split(separator: ",") {
                    guard let count = Int(count), (1...16).contains(count) else { throw ValidationError("--instances takes 1 to 16, e.g. 1,3") }
                    setups.append(.postgres(cluster: cluster, instances: count))
                }
            default: throw ValidationError("--backend takes sqlite, postgres or sqlite,postgres")
            }
        }
        return setups
    }

    func validate() throws {
        guard repetitions >= 1, records >= 500, history >= 0 else { throw ValidationError("need at least 1 repetition and 500 records") }
        if let pullCompression, !(0...11).contains(pullCompression) { throw ValidationError("--pull-compression takes 0 to 11") }
    }

    func run() async throws {
        let binaries = try options.binaries()
        let root = options.scratchRoot("bench")
        defer { options.cleanUp(root) }
        let data = BenchRecord.generate(count: records, seed: 1)
        let settings = pullCompression.map { ["FOLLOWUP_PULL_COMPRESSION": String($0)] } ?? [:]
        for setup in try setups() {
            var runs: [RepetitionResult] = []
            for repetition in 0..<repetitions {
                FileHandle.standardError.write(Data("\(setup.title): repetition \(repetition + 1)/\(repetitions)…\n".utf8))
                runs.append(
                    try await Repetition(
                        binaries: binaries,
                        settings: settings,
                        directory: root.appendingPathComponent("\(setup.slug)-run\(repetition)"),
                        records: data,
                        backend: setup
                    ).run()
                )
            }
            var historyResult: HistoryResult?
            if history > 0 {
                FileHandle.standardError.write(Data("\(setup.title): loading \(history) changes for the history pull…\n".utf8))
                historyResult = try await HistoryRun(
                    binaries: binaries,
                    settings: settings,
                    directory: root.appendingPathComponent("\(setup.slug)-history"),
                    records: data,
                    changes: history,
                    backend: setup
                ).run()
            }
            let report = BenchReport(
                records: records,
                pullCompression: pullCompression,
                backend: setup,
                repetitions: runs,
                history: historyResult
            )
            print(report.table)
            print("\nJSON: \(try BenchResults.write(report, named: setup == .sqlite ? "sync" : "sync-\(setup.slug)", into: options.output))\n")
        }
    }
}

/// Everything measured in one repetition, on one fresh server.
struct RepetitionResult: Codable, Sendable {
    var baselineInsertSeconds: Double
    var w1Seconds: Double
    var w1BytesSent: Int
    var w1ServerCPUSeconds: Double
    var w1ClientCPUSeconds: Double
    var w2Seconds: Double
    var w2BytesReceived: Int
    var w2ServerCPUSeconds: Double
    var w2ClientCPUSeconds: Double
    var w3PushSeconds: Double
    var w3PushBytes: Int
    var w3PullSeconds: Double
    var w3PullBytes: Int
    var conflictProbePassed: Bool
    var w4RoundsPerSecond: Double
    var w4P50Seconds: Double
    var w4P99Seconds: Double
    var w4Errors: Int
    var w4ServerCPUSeconds: Double
    var w4ClientCPUSeconds: Double
    /// Bytes all W4 clients sent and received during their rounds, response bodies as sent.
    var w4BytesSent: Int
    var w4BytesReceived: Int
    var trivialRoundsPerSecond: Double
    var serverPeakMegabytes: Double
    var cliDueSeconds: Double
    var cliListSeconds: Double
    var cliFirstSyncSeconds: Double
}

struct HistoryResult: Codable, Sendable {
    var changesOnServer: Int
    var loadSeconds: Double
    var incrementalPullSeconds: [Double]
    var incrementalPullBytes: Int
}

/// One repetition: W1, W2, W3, the conflict probe, W4, the trivial endpoint and the CLI timings.
struct Repetition {
    let binaries: URL
    /// `FOLLOWUP_*` settings for the server.
    let settings: [String: String]
    let directory: URL
    let records: [BenchRecord]
    let backend: BenchBackend

    func run() async throws -> RepetitionResult {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let baseline: Duration
        let servers: [BenchServer]
        switch backend {
        case .sqlite:
            baseline = try PhysicalBaseline.insert(records, into: directory.appendingPathComponent("baseline.sqlite").path)
            servers = [try await BenchServer.start(binaries: binaries, settings: settings, directory: directory.appendingPathComponent("server"))]
        case .postgres(let cluster, let instances):
            let database = try await BenchPostgres.createDatabase(on: cluster)
            baseline = try await BenchPostgres.copy(records, into: database)
            var started: [BenchServer] = []
            for index in 0..<instances {
                let directory = directory.appendingPathComponent("server\(index)")
                started.append(try await BenchServer.start(binaries: binaries, settings: settings, directory: directory, database: database))
            }
            servers = started
        }
        defer { for server in servers { server.stop() } }
        let server = servers[0]
        try server.createAccount("seeker")
        for index in 1...20 { try server.createAccount("w4-\(index)") }

        let a = try await BenchClient.login(server, as: "seeker", home: directory.appendingPathComponent("a"))
        let b = try await BenchClient.login(server, as: "seeker", home: directory.appendingPathComponent("b"))
        try a.write(records[...])
        let clock = ContinuousClock()

        // W1: push all records in batches of 500 records.
        var sent = a.client.bytes.sent
        let (w1, w1ClientCPU, w1ServerCPU) = try await ProcessorTime.measure(server: server.process.processIdentifier) {
            try await clock.measure { _ = try await a.synchronizer.push() }
        }
        let w1Bytes = a.client.bytes.sent - sent
        guard try a.replica.queuedCount() == 0 else { throw BenchError("W1 left changes queued") }

        // W2: a fresh replica pulls everything.
        var received = b.client.bytes.received
        let (w2, w2ClientCPU, w2ServerCPU) = try await ProcessorTime.measure(server: server.process.processIdentifier) {
            try await clock.measure { _ = try await b.synchronizer.pull() }
        }
        let w2Bytes = b.client.bytes.received - received
        guard try b.replica.interviews().count == records.count else { throw BenchError("W2 did not bring every record") }

        // W3: A changes one field of 100 records and pushes; B pulls the delta.
        try a.modify(records[0..<100], round: 1)
        sent = a.client.bytes.sent
        let w3Push = try await clock.measure { _ = try await a.synchronizer.push() }
        let w3PushBytes = a.client.bytes.sent - sent
        received = b.client.bytes.received
        var delta = SyncReport()
        let w3Pull = try await clock.measure { delta = try await b.synchronizer.pull() }
        let w3PullBytes = b.client.bytes.received - received
        guard delta.pulled == 100 else { throw BenchError("W3 pulled \(delta.pulled) records, not 100") }

        let probe = try await conflictProbe(a, b, record: records[records.count / 2])  // apart from the 100 W3 changes
        let w4 = try await w4(servers)
        let trivial = try await trivialRate(servers)
        let peak = servers.compactMap(\.peakMegabytes).max() ?? 0

        // The CLI on A's replica: 10,000 interviews and their follow-ups.
        let now = (records.map(\.date).max() ?? LocalDate(daysSinceEpoch: 20_500)).adding(days: -3).description
        let due = Sample(try (0..<5).map { _ in try CommandTimer.time(binaries, ["due"], home: a.home, now: now).seconds }).median
        let list = Sample(try (0..<5).map { _ in try CommandTimer.time(binaries, ["interview", "list"], home: a.home, now: now).seconds }).median
        let fresh = directory.appendingPathComponent("cli")
        _ = try CommandTimer.time(binaries, ["login", server.url, "--user", "seeker", "--device", "cli"], home: fresh, input: "seeker password\n")
        let firstSync = try CommandTimer.time(binaries, ["sync"], home: fresh).seconds

        for client in [a, b] { await client.shutdown() }
        return RepetitionResult(
            baselineInsertSeconds: baseline.seconds,
            w1Seconds: w1.seconds,
            w1BytesSent: w1Bytes,
            w1ServerCPUSeconds: w1ServerCPU,
            w1ClientCPUSeconds: w1ClientCPU,
            w2Seconds: w2.seconds,
            w2BytesReceived: w2Bytes,
            w2ServerCPUSeconds: w2ServerCPU,
            w2ClientCPUSeconds: w2ClientCPU,
            w3PushSeconds: w3Push.seconds,
            w3PushBytes: w3PushBytes,
            w3PullSeconds: w3Pull.seconds,
            w3PullBytes: w3PullBytes,
            conflictProbePassed: probe,
            w4RoundsPerSecond: w4.rate,
            w4P50Seconds: w4.p50,
            w4P99Seconds: w4.p99,
            w4Errors: w4.errors,
            w4ServerCPUSeconds: w4.serverCPU,
            w4ClientCPUSeconds: w4.clientCPU,
            w4BytesSent: w4.sent,
            w4BytesReceived: w4.received,
            trivialRoundsPerSecond: trivial,
            serverPeakMegabytes: peak,
            cliDueSeconds: due,
            cliListSeconds: list,
            cliFirstSyncSeconds: firstSync
        )
    }

    /// Two clients change different fields of the same record from the same base; both edits must
    /// survive on both replicas.
    func conflictProbe(_ a: BenchClient, _ b: BenchClient, record: BenchRecord) async throws -> Bool {
        try a.replica.write { writer in
            var edit = Edit()
            edit.set(Interview.Field.company, text: "changed on A")
            try writer.write(.interview, id: record.interview, edit: edit)
        }
        try b.replica.write { writer in
            var edit = Edit()
            edit.set(Interview.Field.location, text: "changed on B")
            try writer.write(.interview, id: record.interview, edit: edit)
        }
        _ = try await a.synchronizer.sync()
        _ = try await b.synchronizer.sync()
        _ = try await a.synchronizer.sync()
        return try [a, b].allSatisfy { client in
            let state = try client.replica.state(of: record.interview)
            return state?.string(Interview.Field.company) == "changed on A" && state?.string(Interview.Field.location) == "changed on B"
        }
    }

    /// W4: 20 concurrent clients, each 25 rounds of (push 10 modified records, pull since its checkpoint),
    /// spread over the servers; the server CPU time is the first server's.
    func w4(
        _ servers: [BenchServer]
    ) async throws -> (
        rate: Double, p50: Double, p99: Double, errors: Int, serverCPU: Double, clientCPU: Double, sent: Int, received: Int
    ) {
        var clients: [(BenchClient, [BenchRecord])] = []
        for index in 1...20 {
            let server = servers[index % servers.count]
            let client = try await BenchClient.login(server, as: "w4-\(index)", home: directory.appendingPathComponent("w4-\(index)"))
            let own = BenchRecord.generate(count: 100, seed: 1_000 + UInt64(index))
            try client.write(own[...])
            _ = try await client.synchronizer.sync()
            clients.append((client, own))
        }
        let sentBefore = clients.reduce(0) { $0 + $1.0.client.bytes.sent }
        let receivedBefore = clients.reduce(0) { $0 + $1.0.client.bytes.received }
        let clock = ContinuousClock()
        let start = clock.now
        let (results, clientCPU, serverCPU) = try await ProcessorTime.measure(server: servers[0].process.processIdentifier) {
            try await w4Rounds(clients, clock: clock)
        }
        let wall = (clock.now - start).seconds
        let sent = clients.reduce(0) { $0 + $1.0.client.bytes.sent } - sentBefore
        let received = clients.reduce(0) { $0 + $1.0.client.bytes.received } - receivedBefore
        for (client, _) in clients { await client.shutdown() }
        let latencies = results.flatMap(\.0)
        return (
            Double(latencies.count) / wall, Sample.percentile(latencies, 0.5), Sample.percentile(latencies, 0.99), results.reduce(0) { $0 + $1.1 },
            serverCPU, clientCPU, sent, received
        )
    }

    /// Every W4 client's 25 rounds, all at once: each round's latency, and how many rounds failed.
    private func w4Rounds(_ clients: [(BenchClient, [BenchRecord])], clock: ContinuousClock) async throws -> [([Double], Int)] {
        try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for (client, own) in clients {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    for round in 0..<25 {
                        let slice = own[(round * 10) % 100..<(round * 10) % 100 + 10]
                        try client.modify(slice, round: round)
                        let began = clock.now
                        do {
                            _ = try await client.synchronizer.sync()
                            latencies.append((clock.now - began).seconds)
                        } catch {
                            errors += 1
                        }
                    }
                    return (latencies, errors)
                }
            }
            return try await group.reduce(into: [([Double], Int)]()) { $0.append($1) }
        }
    }

    /// The request-rate ceiling: the same 20 × 25 rounds of two requests, to a trivial endpoint.
    func trivialRate(_ servers: [BenchServer]) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                let url = servers[index % servers.count].url
                group.addTask {
                    let client = try SyncClient(server: url, token: nil)
                    try await client.using { client in
                        for _ in 0..<25 {
                            _ = try await client.info()
                            _ = try await client.info()
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return 500 / (clock.now - start).seconds
    }
}

/// The incremental pull on a server already holding many changes, against the same pull on a fresh server.
struct HistoryRun {
    let binaries: URL
    /// `FOLLOWUP_*` settings for the server.
    let settings: [String: String]
    let directory: URL
    let records: [BenchRecord]
    let changes: Int
    let backend: BenchBackend

    func run() async throws -> HistoryResult {
        var database: String?
        if case .postgres(let cluster, _) = backend { database = try await BenchPostgres.createDatabase(on: cluster) }
        let server = try await BenchServer.start(binaries: binaries, settings: settings, directory: directory, database: database)
        defer { server.stop() }
        let loaders = 100
        for index in 0..<loaders { try server.createAccount("load-\(index)") }
        try server.createAccount("seeker")
        let clock = ContinuousClock()
        let perLoader = changes / loaders
        let started = clock.now
        // Four loaders at a time, each pushing batches of 1,000 generated changes.
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func addLoader() {
                let index = next
                next += 1
                group.addTask {
                    let client = try await BenchClient.login(server, as: "load-\(index)", home: directory.appendingPathComponent("load-\(index)"))
                    var hlc = HybridLogicalClock(replica: client.replica.replicaID)  // the replica its login is for
                    var generator = SplitMix64(seed: 0xB0AD_0000 + UInt64(index))  // apart from the records' seed
                    let entities = (0..<1_000).map { _ in UUID.seeded(&generator) }
                    var sent = 0
                    while sent < perLoader {
                        let batch = (0..<min(1_000, perLoader - sent)).map { offset in
                            Change(
                                id: UUID.seeded(&generator),
                                type: .interview,
                                entity: entities[(sent + offset) % entities.count],
                                owner: client.owner,
                                at: hlc.tick(wallMillis: UInt64(Date().timeIntervalSince1970 * 1000)),
                                set: ["position": .string("revision \(sent + offset)"), "company": .string("Loader \(index)")]
                            )
                        }
                        let response = try await client.client.push(batch)
                        guard response.results.allSatisfy({ $0.status == .accepted }) else { throw BenchError("a load change was rejected") }
                        sent += batch.count
                    }
                    await client.shutdown()
                }
            }
            for _ in 0..<4 { addLoader() }
            while try await group.next() != nil {
                if next < loaders { addLoader() }
            }
        }
        let load = (clock.now - started).seconds

        let a = try await BenchClient.login(server, as: "seeker", home: directory.appendingPathComponent("a"))
        let b = try await BenchClient.login(server, as: "seeker", home: directory.appendingPathComponent("b"))
        try a.write(records[...])
        _ = try await a.synchronizer.push()
        _ = try await b.synchronizer.pull()
        var pulls: [Double] = []
        var bytes = 0
        for round in 1...5 {
            try a.modify(records[0..<100], round: round + 10)
            _ = try await a.synchronizer.push()
            let received = b.client.bytes.received
            var report = SyncReport()
            pulls.append(try await clock.measure { report = try await b.synchronizer.pull() }.seconds)
            bytes = b.client.bytes.received - received
            guard report.pulled == 100 else { throw BenchError("the history pull brought \(report.pulled) records, not 100") }
        }
        for client in [a, b] { await client.shutdown() }
        return HistoryResult(
            changesOnServer: changes + 2 * records.count,
            loadSeconds: load,
            incrementalPullSeconds: pulls,
            incrementalPullBytes: bytes
        )
    }
}
