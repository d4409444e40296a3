import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct SidecarRoundTripTests {
    /// Segment codes on a clip, whole-lesson codes on a lesson: every point of every code
    /// is saved through the store and read back as written.
    @Test func everyScorePointOfEveryCodeRoundTrips() throws {
        let mqi = try Codebook.mqi
        let clipURL = try SidecarFixtures.write(SidecarFixtures.clip(duration: 60))
        let lessonURL = try SidecarFixtures.write(SidecarFixtures.lesson(), name: "lesson.json")
        var expected: [URL: [(String, String)]] = [:]
        for code in mqi.codes {
            for point in try #require(mqi.scale(for: code)).points {
                let url = code.level == .lesson ? lessonURL : clipURL
                let annotation = SidecarFixtures.annotation(code.id, point.id, at: [12.345])
                try SidecarFixtures.add(annotation, to: url)
                expected[url, default: []].append((code.id, point.id))
            }
        }
        for (url, pairs) in expected {
            let read = try SidecarStore.read(url)
            #expect(read.annotations.map { "\($0.code)=\($0.score)" } == pairs.map { "\($0.0)=\($0.1)" })
            #expect(read.revision == 1 + pairs.count)
            #expect(read.codebook == mqi.reference)
            #expect(read.annotations.allSatisfy { $0.evidence == [Sidecar.Evidence(time: 12.345, comment: "c")] })
            #expect(read.problems(codebook: mqi, path: url.path).isEmpty)
        }
        let total = expected.values.map(\.count).reduce(0, +)
        #expect(total == mqi.codes.reduce(0) { $0 + (mqi.scale(for: $1)?.points.count ?? 0) })
    }

    @Test func encodeDecodeIsIdentityAndTimesAreMilliseconds() throws {
        var sidecar = SidecarFixtures.clip(duration: 30.0004)
        sidecar.context = Sidecar.Context(teacher: "Ms. Rivera", grade: "4", topic: "fractions", lessonDate: "2025-03-14", tags: ["launch"])
        sidecar.codebook = try Codebook.mqi.reference
        sidecar.annotations = [SidecarFixtures.annotation("richness.explanations", "mid", at: [1.23456])]
        let decoded = try SidecarStore.decode(SidecarStore.encode(sidecar), path: "x.json")
        #expect(decoded.clip?.duration == 30.0)
        #expect(decoded.annotations.first?.evidence.first?.time == 1.235)
        #expect(decoded.context == sidecar.context)
        #expect(try SidecarStore.encode(decoded) == SidecarStore.encode(sidecar))
    }

    @Test func createdFileReadsBackEqual() throws {
        let sidecar = SidecarFixtures.clip()
        let url = try SidecarFixtures.write(sidecar)
        var expected = sidecar
        expected.revision = 1
        #expect(try SidecarStore.read(url) == expected)
        let text = String(decoding: try SidecarFixtures.bytes(url), as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"schema\" : \"clipcoach.sidecar\""))
    }
}
