import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Bad annotations are refused with a message naming the file and the field, and the file is untouched.
@Suite struct SidecarRulesTests {
    func rejected(_ annotation: Sidecar.Annotation, on sidecar: Sidecar) throws -> SidecarError {
        let url = try SidecarFixtures.write(sidecar)
        let before = try SidecarFixtures.bytes(url)
        let error = try #require(throws: SidecarError.self) { try SidecarFixtures.add(annotation, to: url) }
        #expect(try SidecarFixtures.bytes(url) == before, "a refused annotation must not touch the file")
        #expect(error.path == url.path)
        return error
    }

    @Test func unknownCode() throws {
        let error = try rejected(SidecarFixtures.annotation("richness.nope", "mid"), on: SidecarFixtures.clip())
        #expect(error.kind == .unknownCode)
        #expect(error.description.hasSuffix(
            "clip-01.json: annotations[0].code: 'richness.nope' is not a code of mqi-4point-2014 (see `clipcoach codebook`)"))
    }

    @Test(arguments: [
        ("richness.explanations", "great", "(not-present, low, mid, high)"),
        ("richness.explanations", "3", "(not-present, low, mid, high)"),
        ("connected.classroom-work", "high", "(no, yes)"),
        ("errors.imprecision", "yes", "(not-present, low, mid, high)"),
    ])
    func scorePointFromTheWrongScale(code: String, score: String, points: String) throws {
        let error = try rejected(SidecarFixtures.annotation(code, score), on: SidecarFixtures.clip())
        #expect(error.kind == .wrongScale)
        #expect(error.field == "annotations[0].score")
        #expect(error.message == "'\(score)' is not a score point of \(code) \(points)")
    }

    @Test func wholeLessonScaleOnALesson() throws {
        let error = try rejected(SidecarFixtures.annotation("lesson.dense", "high"), on: SidecarFixtures.lesson())
        #expect(error.message == "'high' is not a score point of lesson.dense (1, 2, 3, 4, 5)")
    }

    @Test(arguments: [60.001, 61, -0.5, 1e9])
    func evidenceOutsideTheClip(time: Double) throws {
        let error = try rejected(SidecarFixtures.annotation("richness.explanations", "mid", at: [10, time]),
                                 on: SidecarFixtures.clip(duration: 60))
        #expect(error.kind == .outOfRange)
        #expect(error.field == "annotations[0].evidence[1].time")
        #expect(error.message.contains("is outside the clip (00:00.000-01:00.000)"))
    }

    @Test func evidenceAtTheClipsEdgesIsFine() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip(duration: 60))
        try SidecarFixtures.add(SidecarFixtures.annotation("richness.explanations", "mid", at: [0, 60]), to: url)
    }

    @Test func wholeLessonCodeOnAClip() throws {
        let error = try rejected(SidecarFixtures.annotation("lesson.overall-mqi", "4"), on: SidecarFixtures.clip())
        #expect(error.kind == .wrongLevel)
        #expect(error.field == "annotations[0].code")
        #expect(error.message == "lesson.overall-mqi is a whole-lesson code: score it on a lesson sidecar, not a clip")
    }

    @Test func segmentCodeOnALessonWithoutSegment() throws {
        let error = try rejected(SidecarFixtures.annotation("richness.explanations", "mid"), on: SidecarFixtures.lesson())
        #expect(error.kind == .wrongLevel)
        #expect(error.field == "annotations[0].segment")
        #expect(error.message == "richness.explanations is scored per segment: give a segment number (1...6)")
    }

    @Test func wholeLessonCodeWithASegment() throws {
        let error = try rejected(SidecarFixtures.annotation("lesson.dense", "3", segment: 2), on: SidecarFixtures.lesson())
        #expect(error.kind == .wrongLevel)
        #expect(error.message == "lesson.dense is a whole-lesson code: it takes no segment")
    }

    @Test func segmentThatDoesNotExist() throws {
        let error = try rejected(SidecarFixtures.annotation("richness.explanations", "mid", segment: 7), on: SidecarFixtures.lesson())
        #expect(error.kind == .outOfRange)
        #expect(error.field == "annotations[0].segment")
        #expect(error.message == "7 is not a segment of this lesson (1...6)")
    }

    @Test func evidenceOutsideItsSegment() throws {
        let error = try rejected(SidecarFixtures.annotation("richness.explanations", "mid", segment: 2, at: [500, 1000]),
                                 on: SidecarFixtures.lesson())
        #expect(error.kind == .outOfRange)
        #expect(error.field == "annotations[0].evidence[1].time")
        #expect(error.message == "16:40.000 is outside segment 2 (07:30.000-15:00.000)")
    }

    @Test func segmentOnAClip() throws {
        let error = try rejected(SidecarFixtures.annotation("richness.explanations", "mid", segment: 1), on: SidecarFixtures.clip())
        #expect(error.kind == .wrongLevel)
        #expect(error.message == "a clip sidecar has no segments")
    }

    @Test func segmentCodesWithSegmentsAndWholeLessonCodesLand() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.lesson(), name: "lesson.json")
        try SidecarFixtures.add(SidecarFixtures.annotation("richness.explanations", "mid", segment: 2, at: [450, 900]), to: url)
        try SidecarFixtures.add(SidecarFixtures.annotation("lesson.dense", "4", at: [2700]), to: url)
        #expect(try SidecarStore.read(url).annotations.count == 2)
    }

    @Test func removeTakesOutTheAnnotationAndUnknownIdsAreTold() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        let annotation = SidecarFixtures.annotation("richness.explanations", "mid")
        try SidecarFixtures.add(annotation, to: url)
        let mqi = try Codebook.mqi
        let saved = try SidecarStore.update(at: url, codebook: mqi) { sidecar throws(SidecarError) in
            try sidecar.removeAnnotation(id: annotation.id)
        }
        #expect(saved.annotations.isEmpty)
        #expect(saved.revision == 3)
        let error = try #require(throws: SidecarError.self) {
            try SidecarStore.update(at: url, codebook: mqi) { sidecar throws(SidecarError) in
                try sidecar.removeAnnotation(id: "a-nope")
            }
        }
        #expect(error.kind == .unknownAnnotation)
        #expect(error.description == "\(url.path): annotations: no annotation with id 'a-nope'")
    }
}
