import Foundation

/// Wall time of whole `followup` processes, as a user waits for them.
enum CommandTimer {
    /// Runs `followup` with `arguments` and returns the elapsed wall time; fails on a non-zero exit.
    static func time(_ binaries: URL, _ arguments: [String], home: URL, input: String? = nil, now: String? = nil) throws -> Duration {
        let process = Process()
        process.executableURL = binaries.appendingPathComponent("followup")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.merging(["FOLLOWUP_HOME": home.path, "NO_COLOR": "1"]) { $1 }
        if let now { environment["FOLLOWUP_NOW"] = now }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let stdin = Pipe()
        process.standardInput = stdin
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let elapsed = clock.now - start
        guard process.terminationStatus == 0 else { throw BenchError("followup \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
        return elapsed
    }
}
