import FollowUpFuzzing
import Foundation

#if FUZZING
import CLibFuzzer

/// The program's entry under `scripts/fuzz` (built with `-sanitize=fuzzer -D FUZZING`): SwiftPM
/// names an executable target's entry point `FollowUpFuzz_main`, so this hands the arguments to
/// libFuzzer's driver instead of libFuzzer's own `main`.
@_cdecl("FollowUpFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        let problems = FuzzInput.exercise(UnsafeRawBufferPointer(start: data, count: size))
        precondition(problems.isEmpty, problems.joined(separator: "\n"))
        return 0
    }
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
