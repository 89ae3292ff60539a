import FollowUpTerminal
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The terminal a command talks to: its standard streams, whether they are terminals, and the
/// environment it reads `FOLLOWUP_HOME` and `FOLLOWUP_NOW` from.
///
/// Commands never touch the process's streams or environment directly, only ``current``; the
/// `followup` executable runs them on ``standard``, and tests run them in-process on a console of
/// their own (``recording(input:environment:)``), many at once, each with its own home and input.
public struct Console: Sendable {
    public var environment: [String: String]
    public var outputIsTerminal: Bool
    public var errorIsTerminal: Bool
    /// Whether a person types at standard input (prompts are shown only then).
    public var inputIsTerminal: Bool
    private let writeOutput: @Sendable (String) -> Void
    private let writeOutputBytes: @Sendable ([UInt8]) -> Void
    private let flushOutput: @Sendable () -> Void
    private let writeError: @Sendable (String) -> Void
    private let readInputLine: @Sendable () -> String?
    private let readSecret: @Sendable (String) throws(SecretInput.Failure) -> String

    /// The console commands run on: the process's own unless a caller bound another.
    @TaskLocal public static var current = Console.standard

    /// The process's standard streams. Output is buffered as `print` buffers it (a listing is
    /// thousands of lines); errors are written at once.
    public static var standard: Console {
        Console(
            environment: ProcessInfo.processInfo.environment,
            outputIsTerminal: isatty(STDOUT_FILENO) == 1,
            errorIsTerminal: isatty(STDERR_FILENO) == 1,
            inputIsTerminal: isatty(STDIN_FILENO) == 1,
            writeOutput: { print($0, terminator: "") },
            writeOutputBytes: { bytes in
                fflush(nil)  // after whatever `print` has buffered; naming `stdout` is not concurrency-safe
                FileHandle.standardOutput.write(Data(bytes))
            },
            flushOutput: { fflush(nil) },
            writeError: { FileHandle.standardError.write(Data($0.utf8)) },
            readInputLine: { Swift.readLine(strippingNewline: true) },
            readSecret: { prompt throws(SecretInput.Failure) in try SecretInput.read(prompt: prompt) }
        )
    }

    /// A console that is not a terminal: input is `input`'s lines, and what the command writes is
    /// kept in `transcript`.
    public static func recording(input: String?, environment: [String: String]) -> (console: Console, transcript: ConsoleTranscript) {
        let transcript = ConsoleTranscript(input: input)
        let console = Console(
            environment: environment,
            outputIsTerminal: false,
            errorIsTerminal: false,
            inputIsTerminal: false,
            writeOutput: { transcript.appendOutput(Array($0.utf8)) },
            writeOutputBytes: { transcript.appendOutput($0) },
            flushOutput: {},
            writeError: { transcript.appendError($0) },
            readInputLine: { transcript.nextInputLine() },
            readSecret: { _ throws(SecretInput.Failure) in
                guard let line = transcript.nextInputLine(), !line.isEmpty else { throw .nothingPiped }
                return line
            }
        )
        return (console, transcript)
    }

    func write(_ text: String) { writeOutput(text) }
    func write(bytes: [UInt8]) { writeOutputBytes(bytes) }
    func flush() { flushOutput() }
    func writeToError(_ text: String) { writeError(text) }
    func readLine() -> String? { readInputLine() }
    func secret(prompt: String) throws(SecretInput.Failure) -> String { try readSecret(prompt) }
}
