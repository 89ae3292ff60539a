import Synchronization

/// What a command wrote to a recording ``Console``, and the input lines it has yet to read.
public final class ConsoleTranscript: Sendable {
    private struct State {
        var output: [UInt8] = []
        var error = ""
        var input: [Substring]
    }

    private let state: Mutex<State>

    init(input: String?) {
        var lines = input.map { $0.split(separator: "\n", omittingEmptySubsequences: false) } ?? []
        if input?.hasSuffix("\n") == true { lines.removeLast() }  // the newline ends the last line
        state = Mutex(State(input: lines))
    }

    /// Standard output, as text.
    public var output: String { state.withLock { String(decoding: $0.output, as: UTF8.self) } }
    /// Standard error.
    public var error: String { state.withLock { $0.error } }

    func appendOutput(_ bytes: [UInt8]) { state.withLock { $0.output += bytes } }
    func appendError(_ text: String) { state.withLock { $0.error += text } }

    func nextInputLine() -> String? {
        state.withLock { state in state.input.isEmpty ? nil : String(state.input.removeFirst()) }
    }
}
