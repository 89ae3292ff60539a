import FollowUpFuzzing
import Foundation

#if FUZZING
/// libFuzzer's entry point: `scripts/fuzz` builds this target with `-sanitize=fuzzer -D FUZZING`,
/// and libFuzzer supplies `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let problems = FuzzInput.exercise(UnsafeRawBufferPointer(start: data, count: size))
    precondition(problems.isEmpty, problems.joined(separator: "\n"))
    return 0
}
#else
/// Without libFuzzer: replays the files named on the command line (a corpus, or a crash libFuzzer
/// saved) through the same checks, and exits non-zero if any input shows a problem.
@main
enum FuzzReplay {
    static func main() throws {
        var failed = false
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let problems = data.withUnsafeBytes { FuzzInput.exercise($0) }
            for problem in problems { print("\(path): \(problem)") }
            failed = failed || !problems.isEmpty
        }
        if failed { exit(1) }
    }
}
#endif
