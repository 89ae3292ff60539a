import Synchronization

/// Runs `operation`, but throws `timeout` if it has not finished after `limit`.
///
/// The operation is not awaited past the deadline: a query on a connection whose server vanished
/// may take the TCP stack's minutes to fail, and a request must not wait for that. It is cancelled
/// and finishes (or fails) on its own.
func withDeadline<Result: Sendable>(
    _ limit: Duration,
    orThrow timeout: StorageError,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let outcome = Outcome<Result>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            outcome.start(continuation)
            let work = Task {
                do {
                    outcome.finish(.success(try await operation()))
                } catch {
                    outcome.finish(.failure(error))
                }
            }
            let timer = Task {
                try await Task.sleep(for: limit)
                if outcome.finish(.failure(timeout)) { work.cancel() }
            }
            outcome.onFinish { timer.cancel() }
        }
    } onCancel: {
        outcome.finish(.failure(CancellationError()))
    }
}

/// The one result a deadline race delivers: whichever of the work, the timer and cancellation
/// comes first resumes the continuation; the others find it taken.
private final class Outcome<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var early: Swift.Result<Result, any Error>?
        var finished = false
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Result, any Error>) {
        let early = state.withLock { state -> Swift.Result<Result, any Error>? in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Runs `cleanup` once the race is decided (at once if it is).
    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.finished { return true }
            state.cleanup = cleanup
            return false
        }
        if now { cleanup() }
    }

    /// Delivers `result` if nothing was delivered yet; answers whether it was.
    @discardableResult
    func finish(_ result: Swift.Result<Result, any Error>) -> Bool {
        let (won, continuation, cleanup) = state.withLock { state -> (Bool, CheckedContinuation<Result, any Error>?, (@Sendable () -> Void)?) in
            guard !state.finished else { return (false, nil, nil) }
            state.finished = true
            let continuation = state.continuation
            state.continuation = nil
            if continuation == nil { state.early = result }
            defer { state.cleanup = nil }
            return (true, continuation, state.cleanup)
        }
        continuation?.resume(with: result)
        cleanup?()
        return won
    }
}
