import FollowUpTerminal

/// The admin commands' password: prompted for, or piped in.
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        do {
            return try SecretInput.read(prompt: prompt)
        } catch .nothingPiped {
            throw CommandError("no password on standard input; pipe it in or run on a terminal to be prompted")
        } catch .nothingTyped {
            throw CommandError("no password given")
        }
    }
}
