import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Wall time of whole `followup` processes, as a user waits for them.
///
/// Started with `posix_spawn` and reaped with `waitpid`, not Foundation's `Process`: on Linux its
/// `waitUntilExit` polls a run loop in 50 ms steps, and `/bin/true` measured 51.5 ms through it.
enum CommandTimer {
    /// Runs `followup` with `arguments` and returns the elapsed wall time; fails on a non-zero exit.
    static func time(_ binaries: URL, _ arguments: [String], home: URL, input: String? = nil, now: String? = nil) throws -> Duration {
        var environment = ProcessInfo.processInfo.environment.merging(["FOLLOWUP_HOME": home.path, "NO_COLOR": "1"]) { $1 }
        if let now { environment["FOLLOWUP_NOW"] = now }
        let executable = binaries.appendingPathComponent("followup").path
        let clock = ContinuousClock()
        let start = clock.now
        let status = try run(executable, arguments, environment: environment, input: input ?? "")
        let elapsed = clock.now - start
        guard status == 0 else { throw BenchError("followup \(arguments.joined(separator: " ")) exited \(status)") }
        return elapsed
    }

    /// Spawns `executable`, writes `input` to its standard input, reads its standard output to the
    /// end (discarding it, as a pager would consume it), and returns its exit status.
    private static func run(_ executable: String, _ arguments: [String], environment: [String: String], input: String) throws -> Int32 {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0 else { throw BenchError("pipe failed: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        for descriptor in stdinPipe + stdoutPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            throw BenchError("cannot start \(executable): errno \(spawned)")
        }
        if !input.isEmpty {
            signal(SIGPIPE, SIG_IGN)  // a child that exits without reading its input must not end the benchmark
            var bytes = Array(input.utf8)
            _ = write(stdinPipe[1], &bytes, bytes.count)
        }
        close(stdinPipe[1])
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while read(stdoutPipe[0], &buffer, buffer.count) > 0 {}
        close(stdoutPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    }
}
