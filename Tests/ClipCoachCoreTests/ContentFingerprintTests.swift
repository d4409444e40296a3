import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// The fingerprint rule, re-implemented in Python as the oracle.
@Suite struct ContentFingerprintTests {
    static let oracle = """
    import hashlib, os, struct, sys
    path = sys.argv[1]
    size = os.path.getsize(path)
    h = hashlib.sha256(struct.pack('<Q', size))
    with open(path, 'rb') as f:
        if size < 1024 * 1024:
            h.update(f.read())
        else:
            for i in range(16):
                f.seek((size - 65536) * i // 15)
                h.update(f.read(65536))
    print('sha256s:' + h.hexdigest())
    """

    static func file(size: Int, seed: UInt64) throws -> URL {
        var generator = SplitMix(seed: seed)
        // 8 bytes per draw: fast enough in a debug build.
        var words = [UInt64](repeating: 0, count: (size + 7) / 8)
        for index in words.indices { words[index] = generator.next() }
        let data = words.withUnsafeBytes { Data($0.prefix(size)) }
        let url = try Fixtures.temporaryFolder("fingerprint").appendingPathComponent("video.bin")
        try data.write(to: url)
        return url
    }

    @Test(arguments: [0, 1, 1000, 1024 * 1024 - 1, 1024 * 1024, 3 * 1024 * 1024 + 5])
    func matchesTheDocumentedRule(size: Int) throws {
        let url = try Self.file(size: size, seed: UInt64(size) + 1)
        let python = try run("python3", ["-c", Self.oracle, url.path])
        #expect(python.status == 0, "\(python.stderr)")
        let fingerprint = try ContentFingerprint.of(path: url.path)
        #expect(fingerprint == python.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(fingerprint.hasPrefix("sha256s:") && fingerprint.count == 8 + 64)
    }

    @Test func aChangeInASampledBlockChangesIt() throws {
        let url = try Self.file(size: 2 * 1024 * 1024, seed: 9)
        let before = try ContentFingerprint.of(path: url.path)
        let handle = try FileHandle(forUpdating: url)
        try handle.seek(toOffset: 2 * 1024 * 1024 - 10)  // inside the last block
        try handle.write(contentsOf: Data([0xFF, 0x00, 0xFF]))
        try handle.close()
        #expect(try ContentFingerprint.of(path: url.path) != before)
    }

    @Test func missingFileIsNotFound() throws {
        let error = try #require(throws: SidecarError.self) { try ContentFingerprint.of(path: "/nonexistent/lesson.mp4") }
        #expect(error.kind == .notFound)
        #expect(error.description.hasPrefix("/nonexistent/lesson.mp4: "))
    }
}
