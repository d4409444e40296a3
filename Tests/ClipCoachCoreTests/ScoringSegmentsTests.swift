import ClipCoachCore
import Testing

@Suite struct ScoringSegmentsTests {
    func spans(_ duration: Double, _ length: Double) throws -> [[Double]] {
        try ScoringSegments.divide(duration: duration, length: length).map { [$0.start, $0.end] }
    }

    @Test func fortyFiveMinutesGiveSixExactSegments() throws {
        let segments = try ScoringSegments.divide(duration: 2700, length: 450)
        #expect(segments.count == 6)
        #expect(segments.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(segments.allSatisfy { $0.end - $0.start == 450 })
        #expect(segments.last?.end == 2700)
    }

    @Test func remainderBecomesAShorterLastSegment() throws {
        #expect(try spans(150, 60) == [[0, 60], [60, 120], [120, 150]])
        #expect(try spans(2701, 450).count == 7)
        #expect(try spans(2701, 450).last == [2700, 2701])
    }

    @Test func sliversUnderOneSecondJoinThePreviousSegment() throws {
        #expect(try spans(2700.4, 450).count == 6)
        #expect(try spans(2700.4, 450).last == [2250, 2700.4])
        #expect(try spans(2700.999, 450).count == 6)
    }

    @Test func shortLessonIsOneSegment() throws {
        #expect(try spans(100, 450) == [[0, 100]])
        #expect(try spans(0.5, 450) == [[0, 0.5]])
    }

    @Test func segmentStartsDoNotDrift() throws {
        // 7 segments of 7.5 min computed in milliseconds: no accumulated float error.
        let segments = try ScoringSegments.divide(duration: 3150, length: 450)
        #expect(segments.map(\.start) == [0, 450, 900, 1350, 1800, 2250, 2700])
    }

    @Test(arguments: [(0.0, 450.0), (-5, 450), (100, 0.5), (100, 0), (Double.nan, 450), (100, Double.infinity)] as [(Double, Double)])
    func impossibleInputsAreRefused(duration: Double, length: Double) {
        #expect(throws: ScoringSegments.RuleError.self) { try ScoringSegments.divide(duration: duration, length: length) }
    }
}
