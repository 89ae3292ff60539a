import Foundation
import Synchronization

/// The real `followup-server` binary, run as a child process, for what only a process can show:
/// signals, the admin commands, TLS, the first-start message.
final class ServerProcess: Sendable {
    let process: Process
    private let output = OutputBuffer()

    /// The build products folder this test binary runs from, where `swift build` puts the executables.
    static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    static func executable(_ name: String) throws -> URL {
        for directory in [productsDirectory, productsDirectory.deletingLastPathComponent()] {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ProcessError("\(name) is not built next to the tests in \(productsDirectory.path); run `swift build` first")
    }

    /// Runs a `followup-server` subcommand to completion; returns its exit status and output.
    @discardableResult
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try executable("followup-server")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts `followup-server serve` on a free port and waits until it listens.
    init(arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = try Self.executable("followup-server")
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["FOLLOWUP_BCRYPT_COST": "4"].merging(environment) { $1 }) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            output.append(handle.availableData)
        }
        try process.run()
    }

    var log: String { output.text }

    /// The port from the "listening on" line, once it appears.
    func port(timeout: Duration = .seconds(20)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = log.split(separator: "\n").first(where: { $0.contains("FollowUp server listening on") }),
                let url = line.split(separator: " ").first(where: { $0.hasPrefix("http") }),
                let port = Int(url.split(separator: ":").last?.split(separator: ",").first ?? "")
            {
                return port
            }
            if !process.isRunning { throw ProcessError("the server exited early: \(log)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProcessError("the server did not start listening: \(log)")
    }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end; `nil` if it is still running after `timeout`.
    func exitStatus(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Text a child process writes, collected from a reading thread.
final class OutputBuffer: Sendable {
    private let storage = Mutex("")

    func append(_ data: Data) {
        storage.withLock { $0 += String(decoding: data, as: UTF8.self) }
    }

    var text: String { storage.withLock { $0 } }
}

struct ProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
