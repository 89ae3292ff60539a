import ArgumentParser

/// `followup-bench`: the measurements behind README's Performance section. Run it from a release
/// build (`swift build -c release`), never from a debug build.
@main
struct FollowUpBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup-bench",
        abstract: "Measure FollowUp's merge throughput, wire codec, sync workloads and a counselor's caseload.",
        subcommands: [MergeBenchmark.self, CodecBenchmark.self, SyncBenchmark.self, CaseloadBenchmark.self, FeedBenchmark.self]
    )
}
