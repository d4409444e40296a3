import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// `clipcoach import`: outcomes, exit codes, and sidecars left untouched by bad files.
@Suite struct ImportCLITests {
    /// A clip sidecar with two annotations, and an empty copy of it to import into.
    static func sidecars() throws -> (full: URL, empty: URL) {
        let full = try SidecarCLIFixtures.clipSidecar()
        for arguments in [
            ["annotate", full.path, "--code", "richness.explanations", "--score", "mid", "--rater", "Ana", "--at", "12.5=why, \"so\"", "--note", "two\nlines"],
            ["annotate", full.path, "--code", "errors.imprecision", "--score", "low", "--rater", "Bo", "--role", "coach"],
        ] {
            let step = try clipcoach(arguments: arguments)
            try #require(step.status == 0, "\(step.stderr)")
        }
        var sidecar = try SidecarStore.read(full)
        sidecar.annotations = []
        sidecar.revision = 0
        let empty = full.deletingLastPathComponent().appendingPathComponent("empty.json")
        try SidecarStore.create(sidecar, at: empty, overwrite: false)
        return (full, empty)
    }

    @Test(arguments: ["csv-annotations", "eaf", "otio"])
    func exportThenImportGivesTheSameAnnotations(format: String) throws {
        let (full, empty) = try Self.sidecars()
        let file = full.deletingLastPathComponent().appendingPathComponent("out.\(format)").path
        var export = ["export", format, full.path, "--out", file]
        if format == "otio" { export += ["--rate", "25"] }
        let exported = try clipcoach(arguments: export)
        try #require(exported.status == 0, "\(exported.stderr)")

        let result = try clipcoach("import", format, file, "--into", empty.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let report = try SidecarCLIFixtures.json(result)
        let original = try SidecarStore.read(full).annotations
        #expect((report["added"] as? [String])?.sorted() == original.map(\.id).sorted())
        #expect(report["saved"] as? Bool == true && report["revision"] as? Int == 2)
        let imported = try SidecarStore.read(empty).annotations
        #expect(imported.map(\.id) == original.map(\.id))
        #expect(imported.map(\.score) == original.map(\.score) && imported.map(\.rater) == original.map(\.rater))
        #expect(imported.map(\.note) == original.map(\.note) && imported.map(\.evidence) == original.map(\.evidence))
        #expect(imported.map(\.role) == original.map(\.role))

        let text = try clipcoach("import", format, file, "--into", empty.path)
        #expect(text.stdout == "\(file) -> \(empty.path): 0 added, 0 updated, 2 unchanged (nothing to save)\n")
    }

    /// Every bad file: exit 65, one line naming the place, nothing on stdout, the sidecar's bytes as they were.
    @Test(arguments: [
        ("eaf", "<ANNOTATION_DOCUMENT><TIER></ANNOTATION_DOCUMENT>\n", "line 1, column"),
        ("eaf", "<ANNOTATION_DOCUMENT>\n<TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"0\"/><TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"70000\"/></TIME_ORDER>\n<TIER TIER_ID=\"Ana | rater | richness.explanations\">\n<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\"><ANNOTATION_VALUE>mid</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n</TIER>\n</ANNOTATION_DOCUMENT>\n",
         "line 4: <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\">: 00:00.000-01:10.000 is outside the clip (00:00.000-01:00.500)"),
        ("eaf", "<ANNOTATION_DOCUMENT>\n<TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"0\"/><TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"7000\"/></TIME_ORDER>\n<TIER TIER_ID=\"Ana | rater | richness.explanations\">\n<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\"><ANNOTATION_VALUE>superb</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n</TIER>\n</ANNOTATION_DOCUMENT>\n",
         "line 4: <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\"> on tier 'Ana | rater | richness.explanations': score: 'superb' is not a score point"),
        ("otio", "{\"OTIO_SCHEMA\": \"Timeline.1\", \"tracks\": {\"OTIO_SCHEMA\": \"Stack.1\", \"children\": {}}}", "tracks.children: expected an array, found an object"),
        ("otio", "{\"OTIO_SCHEMA\": \"Timeline.1\", \"tracks\": [}", "not valid JSON"),
        ("csv-annotations", "code,score,rater,evidence\nrichness.explanations,mid,Ana,\"1:2:3:4\"\n", "line 2: column 'evidence': moment 1: malformed time '1:2:3:4'"),
        ("csv-annotations", "code,score\nrichness.explanations,mid\n", "line 1: the header lacks 'rater'"),
    ])
    func badFilesAreRefused(format: String, content: String, message: String) throws {
        let (full, _) = try Self.sidecars()
        let file = full.deletingLastPathComponent().appendingPathComponent("bad.\(format)").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: file))
        let before = try Data(contentsOf: full)
        let result = try clipcoach("import", format, file, "--into", full.path)
        #expect(result.status == 65)
        let lines = SidecarCLIFixtures.lines(result.stderr)
        #expect(lines.count == 1 && lines.first?.hasPrefix("clipcoach: \(file): ") == true, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Data(contentsOf: full) == before)
    }

    @Test func missingFilesAreNoInput() throws {
        let (full, _) = try Self.sidecars()
        let missingFile = try clipcoach("import", "eaf", "/no/such.eaf", "--into", full.path)
        #expect(missingFile.status == 66 && missingFile.stderr == "clipcoach: /no/such.eaf: no such file\n")
        let missingSidecar = try clipcoach("import", "eaf", full.path, "--into", "/no/such.json")
        #expect(missingSidecar.status == 66 && missingSidecar.stderr.contains("no such sidecar file"))
        let unknownFormat = try clipcoach("import", "webanno", full.path, "--into", full.path)
        #expect(unknownFormat.status == 64)
    }

    @Test func aDryRunSavesNothing() throws {
        let (full, empty) = try Self.sidecars()
        let file = full.deletingLastPathComponent().appendingPathComponent("a.csv").path
        #expect(try clipcoach("export", "csv-annotations", full.path, "--out", file).status == 0)
        let before = try Data(contentsOf: empty)
        let result = try clipcoach("import", "csv-annotations", file, "--into", empty.path, "--dry-run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(file) -> \(empty.path): 2 added, 0 updated, 0 unchanged (dry run, nothing saved)\n")
        #expect(try Data(contentsOf: empty) == before)
    }
}
