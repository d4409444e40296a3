import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// Export, then import into a copy of the sidecar without annotations: the same annotations
/// come back (ids, codes, score points, raters, roles, notes, segments, evidence times and comments).
@Suite struct RoundTripTests {
    /// What a round trip must keep, times in whole milliseconds.
    static func essence(_ annotations: [Sidecar.Annotation]) -> [String] {
        annotations.map { annotation in
            let moments = annotation.evidence.map { "\(Int64(($0.time * 1000).rounded()))=\($0.comment ?? "-")" }
            return [annotation.id, annotation.code, annotation.score, annotation.rater, annotation.role.rawValue,
                    annotation.note ?? "-", annotation.segment.map(String.init) ?? "-", moments.joined(separator: ",")]
                .joined(separator: " | ")
        }.sorted()
    }

    static func roundTrip(_ format: ExportFormat, as importFormat: ImportFormat, sidecar: KeyPath<InterchangeLibrary, URL>,
                          sources: [KeyPath<InterchangeLibrary, URL>], keepsTimestamps: Bool) throws {
        let library = try InterchangeLibrary.make()
        let original = try SidecarStore.read(library[keyPath: sidecar])
        let file = try library.export(format, sources.map { library[keyPath: $0] }, to: "round-trip.\(format.fileExtension)")
        let target = try library.emptyCopy(of: library[keyPath: sidecar], named: "target.json")

        let result = try Importer.run(importFormat, file: file, into: target.path, codebook: nil, policy: .update, dryRun: false)
        #expect(result.saved)
        #expect(result.plan.added.sorted() == original.annotations.map(\.id).sorted())
        let imported = try SidecarStore.read(target)
        #expect(essence(imported.annotations) == essence(original.annotations))
        if keepsTimestamps {
            #expect(imported.annotations.map(\.createdAt) == original.annotations.map(\.createdAt))
        }

        // Importing the same file into the sidecar it came from changes nothing and saves nothing.
        let before = try Data(contentsOf: library[keyPath: sidecar])
        let again = try Importer.run(importFormat, file: file, into: library[keyPath: sidecar].path, codebook: nil,
                                     policy: .update, dryRun: false)
        #expect(!again.saved && again.plan.added.isEmpty && again.plan.updated.isEmpty)
        #expect(again.plan.unchanged.count == original.annotations.count)
        #expect(try Data(contentsOf: library[keyPath: sidecar]) == before)
    }

    @Test func otioClip() throws {
        try Self.roundTrip(.otio, as: .otio, sidecar: \.clipA, sources: [\.clipA, \.clipB, \.lesson], keepsTimestamps: true)
    }

    @Test func otioLesson() throws {
        try Self.roundTrip(.otio, as: .otio, sidecar: \.lesson, sources: [\.clipA, \.lesson], keepsTimestamps: true)
    }

    @Test func eafClip() throws {
        try Self.roundTrip(.eaf, as: .eaf, sidecar: \.clipA, sources: [\.clipA], keepsTimestamps: false)
    }

    @Test func eafLesson() throws {
        try Self.roundTrip(.eaf, as: .eaf, sidecar: \.lesson, sources: [\.lesson], keepsTimestamps: false)
    }

    @Test func csvClip() throws {
        try Self.roundTrip(.csvAnnotations, as: .csvAnnotations, sidecar: \.clipA, sources: [\.clipA, \.clipB, \.lesson],
                           keepsTimestamps: true)
    }

    @Test func csvLesson() throws {
        try Self.roundTrip(.csvAnnotations, as: .csvAnnotations, sidecar: \.lesson, sources: [\.lesson], keepsTimestamps: true)
    }

    @Test func anEditedScoreComesBackAsAnUpdate() throws {
        let library = try InterchangeLibrary.make()
        let file = try library.export(.csvAnnotations, [library.clipA], to: "edited.csv")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "clip-aaaa,a-11112222333a,errors.imprecision,low,", with: "clip-aaaa,a-11112222333a,errors.imprecision,high,")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))

        let kept = try Importer.run(.csvAnnotations, file: file, into: library.clipA.path, codebook: nil, policy: .keep, dryRun: false)
        #expect(kept.plan.kept == ["a-11112222333a"] && !kept.saved)

        #expect {
            try Importer.run(.csvAnnotations, file: file, into: library.clipA.path, codebook: nil, policy: .fail, dryRun: false)
        } throws: { error in
            "\(error)".contains("line 5: annotation 'a-11112222333a' differs from the one in the sidecar")
        }

        let dry = try Importer.run(.csvAnnotations, file: file, into: library.clipA.path, codebook: nil, policy: .update, dryRun: true)
        #expect(dry.plan.updated == ["a-11112222333a"] && !dry.saved)
        #expect(try SidecarStore.read(library.clipA).annotations[1].score == "low")

        let updated = try Importer.run(.csvAnnotations, file: file, into: library.clipA.path, codebook: nil, policy: .update, dryRun: false)
        #expect(updated.plan.updated == ["a-11112222333a"] && updated.saved && updated.revision == 2)
        let saved = try SidecarStore.read(library.clipA)
        #expect(saved.annotations[1].score == "high")
        #expect(saved.annotations[1].createdAt == "2026-01-05T10:00:00.000Z")
        #expect(saved.annotations[1].updatedAt != "2026-01-05T10:00:00.000Z")
    }
}
