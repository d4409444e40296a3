import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// The .eaf files, read by pympi-ling (pympi.Elan).
@Suite struct EAFExportTests {
    static func read(_ path: String) throws -> [String: Any] {
        let script = """
        import json, sys
        import pympi
        eaf = pympi.Elan.Eaf(sys.argv[1])
        tiers = {}
        for name in eaf.get_tier_names():
            parameters = eaf.get_parameters_for_tier(name)
            if "PARENT_REF" in parameters and eaf.linguistic_types[parameters["LINGUISTIC_TYPE_REF"]].get("CONSTRAINTS") == "Symbolic_Association":
                rows = [[start, end, value, parent] for (start, end, value, parent) in eaf.get_ref_annotation_data_for_tier(name)]
            else:
                rows = [list(row) for row in eaf.get_annotation_data_for_tier(name)]
            number = lambda x: -1 if x is None else x
            tiers[name] = {"parameters": parameters, "annotations": sorted(rows, key=lambda r: (number(r[0]), number(r[1]), str(r[2])))}
        vocabularies = {}
        for cv_id, (descriptions, entries, ext_ref) in eaf.controlled_vocabularies.items():
            vocabularies[cv_id] = sorted(values[0][0] for values, _ in entries.values())
        types = {name: attributes.get("CONTROLLED_VOCABULARY_REF") or attributes.get("CONSTRAINTS")
                 for name, attributes in eaf.linguistic_types.items()}
        print(json.dumps({"tiers": tiers, "vocabularies": vocabularies, "types": types,
                          "media": eaf.media_descriptors, "languages": sorted(eaf.languages)}))
        """
        return try #require(try PythonOracle.json(script, module: "pympi", arguments: [path]) as? [String: Any])
    }

    static func annotations(_ document: [String: Any], tier: String) -> [[String]] {
        let tiers = document["tiers"] as? [String: Any]
        let rows = (tiers?[tier] as? [String: Any])?["annotations"] as? [[Any]] ?? []
        return rows.map { $0.map { "\($0)" } }
    }

    @Test func pympiReadsTheLessonTiersVocabulariesAndAnnotations() throws {
        let library = try InterchangeLibrary.make()
        let out = try library.export(.eaf, [library.lesson], to: "lesson.eaf")
        let document = try Self.read(out)
        let tiers = try #require(document["tiers"] as? [String: Any])
        #expect(Set(tiers.keys) == [
            "Ana | rater | richness.explanations", "Ana | rater | richness.explanations | note",
            "Ana | rater | richness.explanations | evidence",
            "Bo | coach | lesson.dense", "Bo | coach | lesson.dense | note",
            "Ana | rater | ccasp.communicate", "Ana | rater | ccasp.communicate | evidence",
        ])
        // One tier per rater and code: Ana's two richness.explanations scores (segments 1 and 2) share one.
        #expect(Self.annotations(document, tier: "Ana | rater | richness.explanations") == [
            ["0", "60000", "low"], ["60000", "120000", "mid"],
        ])
        #expect(Self.annotations(document, tier: "Ana | rater | richness.explanations | note") == [
            ["60000", "120000", "Segment note, with a comma", "mid"],
        ])
        // Evidence moments start where they are; the one on the segment boundary stays in segment 1.
        #expect(Self.annotations(document, tier: "Ana | rater | richness.explanations | evidence") == [
            ["60000", "60000", "on the boundary"], ["70250", "71250", "student explains why"], ["90000", "91000", ""],
        ])
        #expect(Self.annotations(document, tier: "Bo | coach | lesson.dense") == [["0", "150000", "4"]])
        #expect(Self.annotations(document, tier: "Bo | coach | lesson.dense | note").first?[2] == InterchangeLibrary.trickyNote)
        #expect(Self.annotations(document, tier: "Ana | rater | ccasp.communicate | evidence") == [["150000", "150000", "the last moment"]])

        let main = (tiers["Ana | rater | richness.explanations"] as? [String: Any])?["parameters"] as? [String: String]
        #expect(main?["ANNOTATOR"] == "Ana" && main?["PARTICIPANT"] == "Ms R")
        #expect(main?["LINGUISTIC_TYPE_REF"] == "clipcoach-score-presence-4")
        let note = (tiers["Bo | coach | lesson.dense | note"] as? [String: Any])?["parameters"] as? [String: String]
        #expect(note?["PARENT_REF"] == "Bo | coach | lesson.dense")

        let vocabularies = try #require(document["vocabularies"] as? [String: [String]])
        #expect(vocabularies["presence-4"] == ["high", "low", "mid", "not-present"])
        #expect(vocabularies["one-to-five"] == ["1", "2", "3", "4", "5"])
        #expect(vocabularies["no-yes"] == ["no", "yes"])
        let types = try #require(document["types"] as? [String: String])
        #expect(types["clipcoach-score-presence-4"] == "presence-4")
        #expect(types["clipcoach-note"] == "Symbolic_Association")
        #expect(types["clipcoach-evidence"] == "Included_In")
        let media = try #require((document["media"] as? [[String: String]])?.first)
        #expect(media["MIME_TYPE"] == "video/mp4" && media["RELATIVE_MEDIA_URL"] == "./lesson.mp4")
        #expect(media["MEDIA_URL"]?.hasPrefix("file:///") == true)
        #expect(document["languages"] as? [String] == ["eng"])
    }

    @Test func aClipIsDescribedOnItsOwnVideoFromZero() throws {
        let library = try InterchangeLibrary.make()
        let out = try library.export(.eaf, [library.clipA], to: "a.eaf")
        let document = try Self.read(out)
        #expect(Self.annotations(document, tier: "Ana | rater | richness.explanations") == [["0", "32000", "mid"]])
        #expect(Self.annotations(document, tier: "Ana | rater | richness.explanations | evidence") == [
            ["2500", "3500", ""], ["5123", "6123", "student explains: why?"],
        ])
        #expect(Self.annotations(document, tier: "Bo | rater | richness.explanations | evidence") == [
            ["31999", "32000", "end = near; comma, here"],
        ])
        #expect(Self.annotations(document, tier: "Ana | rater | richness.explanations | note").first?[2] == InterchangeLibrary.trickyNote)
        let media = try #require((document["media"] as? [[String: String]])?.first)
        #expect(media["RELATIVE_MEDIA_URL"] == "./a.mp4")
    }

    @Test func theSameScoreTwiceOnOneTierIsRefused() throws {
        let library = try InterchangeLibrary.make()
        var clip = try library.loaded(library.clipA)
        var sidecar = clip.sidecar
        var twin = sidecar.annotations[0]
        twin.id = "a-9999aaaabbbb"
        sidecar.annotations.append(twin)
        clip = LoadedSidecar(path: clip.path, sidecar: sidecar)
        #expect {
            try Exporter.render(.eaf, sources: [clip], codebook: try Codebook.mqi, output: URL(fileURLWithPath: library.path("x.eaf")))
        } throws: { error in
            "\(error)".contains("annotations 'a-0123456789ab' and 'a-9999aaaabbbb'") && "\(error)".contains("overlapping")
        }
    }
}
