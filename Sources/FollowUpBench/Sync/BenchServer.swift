import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The release-built `followup-server`, run as a real process on loopback on a fresh data directory
/// or on a PostgreSQL database (several of them may share one).
final class BenchServer: Sendable {
    let process: Process
    let port: Int
    let directory: URL
    let binaries: URL
    /// `--data DIR` or `--database URL`: where this server keeps its data.
    let storageArguments: [String]

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the server with `settings` (`FOLLOWUP_*` variables) over the benchmark's environment.
    static func start(binaries: URL, settings: [String: String], directory: URL, database: String? = nil) async throws -> BenchServer {
        let storageArguments = database.map { ["--database", $0] } ?? ["--data", directory.appendingPathComponent("data").path]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("server.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw BenchError("cannot create \(log.path)") }
        let process = Process()
        process.executableURL = binaries.appendingPathComponent("followup-server")
        process.arguments = ["serve"] + storageArguments + ["--port", "0", "--log-level", "notice"]
        var environment = ProcessInfo.processInfo.environment
        environment["FOLLOWUP_BCRYPT_COST"] = "4"
        environment.merge(settings) { $1 }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("FollowUp server listening on") }),
                let url = line.split(separator: " ").first(where: { $0.hasPrefix("http") }),
                let port = Int(url.split(separator: ":").last?.split(separator: ",").first ?? "")
            {
                return BenchServer(process: process, port: port, directory: directory, binaries: binaries, storageArguments: storageArguments)
            }
            if !process.isRunning { throw BenchError("the server exited: \(text)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("the server did not start")
    }

    private init(process: Process, port: Int, directory: URL, binaries: URL, storageArguments: [String]) {
        self.process = process
        self.port = port
        self.directory = directory
        self.binaries = binaries
        self.storageArguments = storageArguments
    }

    /// Creates an account with `followup-server admin create-account`.
    func createAccount(_ name: String, role: String = "seeker") throws {
        let admin = Process()
        admin.executableURL = binaries.appendingPathComponent("followup-server")
        admin.arguments = ["admin", "create-account", name, "--role", role] + storageArguments
        admin.environment = ProcessInfo.processInfo.environment.merging(["FOLLOWUP_BCRYPT_COST": "4"]) { $1 }
        let input = Pipe()
        admin.standardInput = input
        admin.standardOutput = FileHandle.nullDevice
        try admin.run()
        input.fileHandleForWriting.write(Data("\(name) password\n".utf8))
        try input.fileHandleForWriting.close()
        admin.waitUntilExit()
        guard admin.terminationStatus == 0 else { throw BenchError("could not create \(name)") }
    }

    /// Puts `seeker` in `counselor`'s caseload with `followup-server admin assign`.
    func assign(_ seeker: String, to counselor: String) throws {
        let admin = Process()
        admin.executableURL = binaries.appendingPathComponent("followup-server")
        admin.arguments = ["admin", "assign", counselor, seeker] + storageArguments
        admin.standardOutput = FileHandle.nullDevice
        try admin.run()
        admin.waitUntilExit()
        guard admin.terminationStatus == 0 else { throw BenchError("could not assign \(seeker) to \(counselor)") }
    }

    /// The server's peak resident memory so far, in megabytes.
    var peakMegabytes: Double? { ResidentMemory.peakMegabytes(pid: process.processIdentifier) }

    func stop() {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
