import ArgumentParser
import Foundation

/// What every benchmark that runs the real binaries takes: where results and scratch files go, and
/// where the release-built `followup-server` and `followup` are found.
struct BenchRunOptions: ParsableArguments {
    @Option(help: "Where the JSON results go.") var output = "bench-results"
    @Option(help: "A scratch directory for servers and replicas (removed afterwards unless --keep).") var scratch: String?
    @Flag(help: "Keep the scratch directory, to profile or inspect its replicas.") var keep = false

    /// The directory of `followup-bench` itself, checked to hold the two binaries it runs.
    func binaries() throws -> URL {
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for name in ["followup-server", "followup"] where !FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent(name).path) {
            throw BenchError("\(name) is not built beside followup-bench in \(binaries.path): run swift build -c release first")
        }
        return binaries
    }

    /// A fresh directory for this run's servers and replicas, named after the benchmark.
    func scratchRoot(_ name: String) -> URL {
        URL(fileURLWithPath: scratch ?? NSTemporaryDirectory()).appendingPathComponent("followup-\(name)-\(UUID().uuidString.prefix(8))")
    }

    /// Removes the scratch directory unless `--keep` was given.
    func cleanUp(_ root: URL) {
        if !keep { try? FileManager.default.removeItem(at: root) }
    }
}
