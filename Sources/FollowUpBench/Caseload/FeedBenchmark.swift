import ArgumentParser
import FollowUpCore
import FollowUpWire
import Foundation

/// What re-making a calendar feed costs, in parts: decoding the stored states and writing the
/// document, for one seeker's 1,000 interviews with their follow-ups (the records of the caseload
/// benchmark), in this process.
struct FeedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Time decoding the states behind a calendar feed and writing the feed, apart."
    )

    @Option(help: "Interviews, each with one follow-up.") var records = 1_000
    @Option(help: "Timed repetitions; medians are reported.") var repetitions = 9

    func run() throws {
        let owner = UUID()
        var states: [EntityState] = []
        var clock = HybridLogicalClock(replica: ReplicaID(rawValue: 0xbe))
        var wall: UInt64 = 1_796_000_000_000
        for record in BenchRecord.generate(count: records, seed: 3) {
            for (type, id, edit) in [
                (EntityType.interview, record.interview, record.interviewEdit), (.followUp, record.followUp, record.followUpEdit),
            ] {
                wall += 1
                let change = Change(id: UUID(), creating: type, entity: id, owner: owner, at: clock.tick(wallMillis: wall), edit: edit)
                states.append(EntityState(creating: change))
            }
        }
        let stored = states.map(\.jsonData)
        var decodeTimes: [Double] = []
        var writeTimes: [Double] = []
        var bytes = 0
        for _ in 0..<repetitions {
            var decoded: [EntityState] = []
            decodeTimes.append(try CodecBenchmark.seconds { decoded = try stored.map { try EntityState.decode(json: $0) } })
            writeTimes.append(
                try CodecBenchmark.seconds {
                    bytes = CalendarDocument(form: .subscription, name: "FollowUp — bench").write(decoded, now: Date()).utf8.count
                }
            )
        }
        var table = MeasureTable()
        table.row("decode \(stored.count) stored states (\(stored.reduce(0) { $0 + $1.count }) bytes)", Sample(decodeTimes), unit: .milliseconds)
        table.row("write the feed (\(bytes) bytes)", Sample(writeTimes), unit: .milliseconds)
        print(table.rendered(title: "\(MeasureTable.describeMachine()); a feed of \(records) interviews and follow-ups, \(repetitions) repetitions"))
    }
}
