@testable import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Our SHA-256 against Python's hashlib (an independent implementation).
@Suite struct SHA256Tests {
    @Test func knownVector() {
        #expect(SHA256.hash(Array("abc".utf8)).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash([UInt8]()).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(arguments: [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 1000, 200_003])
    func matchesHashlib(length: Int) throws {
        var generator = SplitMix(seed: UInt64(length))
        let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let url = try Fixtures.temporaryFolder("sha").appendingPathComponent("input.bin")
        try Data(bytes).write(to: url)
        let python = try run("python3", ["-c", "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())", url.path])
        #expect(python.status == 0, "\(python.stderr)")
        // Fed in uneven pieces, to exercise the block buffering.
        var hasher = SHA256()
        var offset = 0, piece = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            hasher.update(bytes[offset..<end])
            offset = end
            piece = piece * 3 % 97 + 1
        }
        #expect(hasher.finalize().hexString == python.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// A small deterministic generator for test data.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
