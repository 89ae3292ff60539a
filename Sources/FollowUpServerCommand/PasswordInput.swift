import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reading a password: from a prompt with echo off on a terminal, else one line of standard input
/// (so scripts can pipe it in, and it never appears in `ps` or shell history).
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
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
            guard let line = readLine(strippingNewline: true) else { throw CommandError("no password given") }
            return line
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandError("no password on standard input; pipe it in or run on a terminal to be prompted")
        }
        return line
    }
}
