import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation

/// What the fuzz target does with one input: every reader of untrusted JSON the server and the
/// client run, each followed, when it accepts the input, by the checks a correct codec passes.
///
/// Any input may be refused with a `RecordFormatError`; none may crash a reader, and a value that
/// was read must write out and read back as itself. Shared by `followup-fuzz` (libFuzzer) and the
/// test that replays the saved corpus, so both exercise the same code.
public enum FuzzInput {
    /// The problems found with `bytes`, described; empty when every reader behaved.
    public static func exercise(_ bytes: UnsafeRawBufferPointer) -> [String] {
        let data = Data(bytes)
        var problems: [String] = []
        _ = try? JSONScanner.validate(data)
        if let change = try? Change.decode(json: data) {
            let again = try? Change.decode(json: change.jsonData)
            if again != change { problems.append("a change did not read back as itself: \(String(decoding: change.jsonData, as: UTF8.self))") }
            if again?.contentDigest != change.contentDigest { problems.append("a change's digest changed on a round trip") }
        }
        if let state = try? EntityState.decode(json: data) {
            if (try? EntityState.decode(json: state.jsonData)) != state {
                problems.append("a state did not read back as itself: \(String(decoding: state.jsonData, as: UTF8.self))")
            }
        }
        if let batch = try? PushBatch.decode(json: bytes) {
            let changes = batch.entries.compactMap { entry -> Change? in
                if case let .change(change) = entry { return change }
                return nil
            }
            let again = (try? PushBatch.decode(json: PushRequest(changes: changes).jsonData))?.entries.count
            if again != changes.count { problems.append("a push batch did not read back with its \(changes.count) changes") }
        }
        _ = try? PullResponse.decode(json: data)
        return problems
    }
}
