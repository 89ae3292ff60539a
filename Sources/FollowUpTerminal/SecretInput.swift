import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reading a password the way both command-line tools do: prompted with echo off on a terminal,
/// else one line of standard input, so scripts can pipe it in and it never shows in `ps` or in
/// shell history.
public enum SecretInput {
    /// Why no secret was read; each tool turns it into its own error and exit code.
    public enum Failure: Error, Equatable {
        /// Standard input is not a terminal and held no non-empty line.
        case nothingPiped
        /// The user was prompted and entered nothing.
        case nothingTyped
    }

    public static func read(prompt: String) throws(Failure) -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw .nothingPiped }
            return line
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        var settings = termios()
        tcgetattr(STDIN_FILENO, &settings)
        let original = settings
        settings.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        defer {
            var restore = original
            tcsetattr(STDIN_FILENO, TCSANOW, &restore)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw .nothingTyped }
        return line
    }
}
