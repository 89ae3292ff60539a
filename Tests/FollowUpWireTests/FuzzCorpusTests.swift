import FollowUpFuzzing
import Foundation
import Testing

/// The short run of the fuzz target the test suite keeps: every input of the saved corpus (the
/// protocol's example bodies and what `scripts/fuzz` found worth keeping) goes through every reader
/// of untrusted JSON, without a crash, and what is read writes out and reads back as itself.
@Suite("Fuzz corpus")
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("FuzzCorpus")

    @Test("every saved input is read or refused cleanly, and what is read round-trips")
    func savedCorpus() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpus, includingPropertiesForKeys: nil)
        #expect(files.count >= 50, "the corpus is in \(Self.corpus.path)")
        for file in files {
            let data = try Data(contentsOf: file)
            let problems = data.withUnsafeBytes { FuzzInput.exercise($0) }
            #expect(problems.isEmpty, "\(file.lastPathComponent): \(problems)")
            // Every truncation of it too: the cheapest mutations, and the ones a dropped connection makes.
            for length in stride(from: 0, to: data.count, by: max(1, data.count / 64)) {
                let cut = data.prefix(length).withUnsafeBytes { FuzzInput.exercise($0) }
                #expect(cut.isEmpty, "\(file.lastPathComponent) cut at \(length): \(cut)")
            }
        }
    }
}
