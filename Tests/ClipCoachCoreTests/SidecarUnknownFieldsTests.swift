import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Fields written by a newer ClipCoach survive an edit by this one, at every level.
@Suite struct SidecarUnknownFieldsTests {
    static var future: [String: Any] { ["reviewedBy": "Lee", "weights": [1, 2.5, "x"], "nested": ["deep": ["n": 3]], "flag": true] }

    /// A sidecar as a newer version might write it: the known fields plus extras everywhere.
    static func futureClip() throws -> [String: Any] {
        var sidecar = SidecarFixtures.clip()
        sidecar.codebook = try Codebook.mqi.reference
        sidecar.annotations = [SidecarFixtures.annotation("richness.explanations", "mid", at: [3])]
        var object = try JSONSerialization.jsonObject(with: SidecarStore.encode(sidecar)) as? [String: Any] ?? [:]
        func extend(_ dictionary: inout [String: Any]) { for (key, value) in future { dictionary[key] = value } }
        extend(&object)
        for key in ["source", "clip", "context", "codebook"] {
            var part = object[key] as? [String: Any] ?? [:]
            extend(&part)
            if key == "clip", var streams = part["streams"] as? [[String: Any]] {
                extend(&streams[0])
                part["streams"] = streams
            }
            object[key] = part
        }
        var annotations = object["annotations"] as? [[String: Any]] ?? []
        extend(&annotations[0])
        var evidence = annotations[0]["evidence"] as? [[String: Any]] ?? []
        extend(&evidence[0])
        annotations[0]["evidence"] = evidence
        object["annotations"] = annotations
        return object
    }

    static func expectFuture(_ value: Any?, _ where_: String) {
        let dictionary = value as? [String: Any] ?? [:]
        #expect(dictionary["reviewedBy"] as? String == "Lee", "\(where_)")
        #expect(dictionary["flag"] as? Bool == true, "\(where_)")
        let weights = dictionary["weights"] as? [Any] ?? []
        #expect(weights.count == 3 && weights[0] as? Int == 1 && weights[1] as? Double == 2.5 && weights[2] as? String == "x", "\(where_)")
        #expect(((dictionary["nested"] as? [String: Any])?["deep"] as? [String: Any])?["n"] as? Int == 3, "\(where_)")
    }

    @Test func extraFieldsSurviveAnAnnotationAndATag() throws {
        let url = try Fixtures.temporaryFolder("future").appendingPathComponent("clip-01.json")
        try JSONSerialization.data(withJSONObject: Self.futureClip()).write(to: url)
        try SidecarFixtures.add(SidecarFixtures.annotation("wwsm.remediation", "low"), to: url)
        try SidecarStore.update(at: url, codebook: Codebook.mqi) { sidecar throws(SidecarError) in
            sidecar.context.topic = "fractions"
            sidecar.annotations[0].note = "edited"
        }
        let object = try SidecarFixtures.object(url)
        Self.expectFuture(object, "top level")
        for key in ["source", "clip", "context", "codebook"] { Self.expectFuture(object[key], key) }
        let clip = object["clip"] as? [String: Any]
        Self.expectFuture((clip?["streams"] as? [[String: Any]])?.first, "clip.streams[0]")
        let annotations = object["annotations"] as? [[String: Any]] ?? []
        #expect(annotations.count == 2)
        Self.expectFuture(annotations.first, "annotations[0]")
        #expect(annotations.first?["note"] as? String == "edited")
        Self.expectFuture((annotations.first?["evidence"] as? [[String: Any]])?.first, "annotations[0].evidence[0]")
        #expect((object["context"] as? [String: Any])?["topic"] as? String == "fractions")
        #expect(object["revision"] as? Int == 2)  // written at 0 by hand, then two saves
    }

    @Test func extraFieldsInLessonSegmentsSurvive() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.lesson(), name: "lesson.json")
        var object = try SidecarFixtures.object(url)
        var segments = object["segments"] as? [[String: Any]] ?? []
        segments[2]["label"] = "group work"
        object["segments"] = segments
        object["futureTopLevel"] = ["a": 1]
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        try SidecarFixtures.add(SidecarFixtures.annotation("lesson.engaged", "5"), to: url)
        let after = try SidecarFixtures.object(url)
        #expect(((after["segments"] as? [[String: Any]])?[2])?["label"] as? String == "group work")
        #expect((after["futureTopLevel"] as? [String: Any])?["a"] as? Int == 1)
    }

    @Test func aKnownFieldSetToNilIsRemovedNotResurrected() throws {
        var sidecar = SidecarFixtures.clip()
        sidecar.context.teacher = "Ms. Rivera"
        let url = try SidecarFixtures.write(sidecar)
        try SidecarStore.update(at: url, codebook: Codebook.mqi) { sidecar throws(SidecarError) in sidecar.context.teacher = nil }
        #expect((try SidecarFixtures.object(url)["context"] as? [String: Any])?["teacher"] == nil)
    }
}
