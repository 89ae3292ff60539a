public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process of the tests: one of our executables, run for real.
public final class ChildProcess: Sendable {
    public let process: Process
    private let output = OutputBuffer()

    /// The build products folder this test binary runs from, where `swift build` puts the executables.
    public static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    public static func executable(_ name: String) throws -> URL {
        for directory in [productsDirectory, productsDirectory.deletingLastPathComponent()] {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ProcessError("\(name) is not built next to the tests in \(productsDirectory.path); run `swift build` first")
    }

    /// Runs an executable to completion with `input` on standard input; returns its status and
    /// everything it wrote (standard output and standard error, separately). The waiting happens
    /// on a thread of its own, never on the tests' shared concurrency threads.
    @discardableResult
    public static func run(
        _ executable: String,
        _ arguments: [String],
        input: String? = nil,
        environment: [String: String] = [:]
    ) async throws -> (status: Int32, output: String, error: String) {
        try await run(path: try self.executable(executable), arguments, input: input, environment: environment)
    }

    /// Runs any program to completion, as ``run(_:_:input:environment:)`` does.
    @discardableResult
    public static func run(
        path: URL,
        _ arguments: [String],
        input: String? = nil,
        environment: [String: String] = [:]
    ) async throws -> (status: Int32, output: String, error: String) {
        try await onOwnThread { try runBlocking(path: path, arguments, input: input, environment: environment) }
    }

    /// Runs `body` on a new thread and waits for it without holding a concurrency thread.
    public static func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result_(catching: body)) }
        }
    }

    private typealias Result_<Success> = Swift.Result<Success, any Error>

    private static func runBlocking(
        path: URL,
        _ arguments: [String],
        input: String?,
        environment: [String: String]
    ) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = path
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        let errors = OutputBuffer()
        try process.run()
        let errorsRead = Self.drain(stderr.fileHandleForReading, into: errors)
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorsRead.wait()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), errors.text)
    }

    /// Starts one of our executables in the background, collecting what it writes.
    public convenience init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        try self.init(path: try Self.executable(executable), arguments, environment: environment)
    }

    /// Starts any program in the background, collecting what it writes.
    public init(path: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = path
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        _ = Self.drain(pipe.fileHandleForReading, into: output)
    }

    /// Reads `handle` to its end on a thread of its own, appending what arrives to `buffer`; the
    /// semaphore is signalled at the end. (Not `readabilityHandler`: its dispatch source crashed
    /// the test process on Linux, in libdispatch's event loop, while many processes ran at once.)
    private static func drain(_ handle: FileHandle, into buffer: OutputBuffer) -> DispatchSemaphore {
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                buffer.append(data)
            }
            finished.signal()
        }
        thread.start()
        return finished
    }

    public var log: String { output.text }

    /// Waits until the output contains `text`.
    public func waitFor(_ text: String, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !log.contains(text) {
            if !process.isRunning { throw ProcessError("the process exited before printing \"\(text)\": \(log)") }
            if ContinuousClock.now > deadline { throw ProcessError("\"\(text)\" did not appear: \(log)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end; `nil` if it is still running after `timeout`.
    public func exitStatus(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// `followup-server serve` on a free port.
public final class ServerProcess: Sendable {
    public let child: ChildProcess
    public let port: Int
    public let dataDirectory: String

    public var url: String { "http://127.0.0.1:\(port)" }
    public var log: String { child.log }

    /// Starts the server on `dataDirectory` and waits until it listens.
    public static func start(data dataDirectory: String, arguments: [String] = [], environment: [String: String] = [:]) async throws -> ServerProcess
    {
        let child = try ChildProcess(
            "followup-server",
            ["serve", "--port", "0", "--data", dataDirectory] + arguments,
            environment: ["FOLLOWUP_BCRYPT_COST": "4"].merging(environment) { $1 }
        )
        try await child.waitFor("FollowUp server listening on")
        guard let line = child.log.split(separator: "\n").first(where: { $0.contains("FollowUp server listening on") }),
            let url = line.split(separator: " ").first(where: { $0.hasPrefix("http") }),
            let port = Int(url.split(separator: ":").last?.split(separator: ",").first ?? "")
        else { throw ProcessError("no port in: \(child.log)") }
        return ServerProcess(child: child, port: port, dataDirectory: dataDirectory)
    }

    init(child: ChildProcess, port: Int, dataDirectory: String) {
        self.child = child
        self.port = port
        self.dataDirectory = dataDirectory
    }

    /// Runs `followup-server admin …` on this server's data directory; the command must succeed.
    @discardableResult
    public func admin(_ arguments: [String], password: String? = nil) async throws -> String {
        try await Self.admin(arguments, data: dataDirectory, password: password)
    }

    /// Runs `followup-server admin …` on a data directory, as an operator does beside a running
    /// server (of any kind: a process or one in the tests' own); the command must succeed.
    @discardableResult
    public static func admin(
        _ arguments: [String],
        data dataDirectory: String,
        password: String? = nil,
        environment: [String: String] = [:]
    ) async throws -> String {
        let result = try await ChildProcess.run(
            "followup-server",
            ["admin"] + arguments + ["--data", dataDirectory],
            input: password.map { $0 + "\n" },
            environment: environment.merging(["FOLLOWUP_BCRYPT_COST": "4"]) { $1 }
        )
        guard result.status == 0 else { throw ProcessError("admin \(arguments.joined(separator: " ")) failed: \(result.output)\(result.error)") }
        return result.output
    }

    public func stop() async throws {
        child.signal(SIGTERM)
        _ = try await child.exitStatus(timeout: .seconds(15))
    }
}

/// Text a child process writes, collected from a reading thread.
public final class OutputBuffer: Sendable {
    private let storage = Mutex("")

    public init() {}

    public func append(_ data: Data) {
        storage.withLock { $0 += String(decoding: data, as: UTF8.self) }
    }

    public var text: String { storage.withLock { $0 } }
}

public struct ProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A fresh directory under the system's temporary folder.
public func makeTemporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("followup-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
