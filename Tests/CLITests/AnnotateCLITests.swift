import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct AnnotateCLITests {
    @Test func addsAnAnnotationAndPrintsItsID() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let result = try clipcoach("annotate", url.path, "--code", "richness.explanations", "--score", "mid",
                                   "--rater", "Ana", "--role", "coach", "--note", "clear", "--at", "00:12.5=board work", "--at", "40")
        #expect(result.status == 0, "\(result.stderr)")
        let id = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let sidecar = try SidecarStore.read(url)
        let annotation = try #require(sidecar.annotations.first)
        #expect(annotation.id == id)
        #expect(annotation.code == "richness.explanations" && annotation.score == "mid" && annotation.rater == "Ana")
        #expect(annotation.role == .coach && annotation.note == "clear")
        #expect(annotation.evidence == [Sidecar.Evidence(time: 12.5, comment: "board work"), Sidecar.Evidence(time: 40)])
        #expect(sidecar.revision == 2)
        #expect(sidecar.codebook?.id == "mqi-4point-2014")
        #expect(result.stderr.isEmpty)
    }

    /// `annotate` is the same service as the review page's edits: each change is an event in
    /// the trail of its set, and a submitted set goes back to draft.
    @Test func editsAreInTheReviewTrailAndReopenASubmittedSet() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let first = try clipcoach("annotate", url.path, "--code", "richness.explanations", "--score", "low", "--rater", "ana")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try clipcoach("review", "submit", url.path, "--reviewer", "ana").status == 0)
        #expect(try SidecarStore.read(url).reviewState(segment: nil) == .submitted)

        let second = try clipcoach("annotate", url.path, "--code", "errors.imprecision", "--score", "mid", "--rater", "bo")
        #expect(second.status == 0, "\(second.stderr)")
        var sidecar = try SidecarStore.read(url)
        #expect(try sidecar.reviewState(segment: nil) == .draft, "an edit reopens the submitted set")
        var events = try #require(try sidecar.reviewRecord().set(segment: nil)?.events)
        let added = try #require(events.last)
        #expect(added.action == .annotate && added.by == "bo" && added.from == .submitted && added.to == .draft)
        #expect(added.changes.first?.hasPrefix("added ") == true, "\(String(describing: added.changes))")
        #expect(added.revision == sidecar.revision)

        let id = second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let removed = try clipcoach("annotate", url.path, "--remove", id, "--by", "lead")
        #expect(removed.status == 0, "\(removed.stderr)")
        sidecar = try SidecarStore.read(url)
        events = try #require(try sidecar.reviewRecord().set(segment: nil)?.events)
        #expect(events.last?.action == .annotate && events.last?.by == "lead")
        #expect(events.last?.changes.first?.hasPrefix("removed ") == true)

        let unsafe = try clipcoach("annotate", url.path, "--code", "errors.imprecision", "--score", "mid", "--rater", "bo\u{202E}x")
        #expect(unsafe.status == 64, "the same name rule as the review page: \(unsafe.stderr)")
        #expect(unsafe.stderr.contains("rater: contains the control character"), "\(unsafe.stderr)")
    }

    @Test func jsonPrintsTheAnnotationAndRevision() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let result = try clipcoach("annotate", url.path, "--code", "errors.imprecision", "--score", "low", "--rater", "Bo", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let object = try SidecarCLIFixtures.json(result)
        #expect(object["revision"] as? Int == 2)
        let annotation = try #require(object["annotation"] as? [String: Any])
        #expect(annotation["code"] as? String == "errors.imprecision")
        #expect(annotation["role"] as? String == "rater")
    }

    /// Each bad annotation: exit code, one stderr line naming the file and the field, file untouched.
    @Test(arguments: [
        (["--code", "richness.nope", "--score", "mid"], 65, "annotations[0].code: 'richness.nope' is not a code of mqi-4point-2014"),
        (["--code", "richness.explanations", "--score", "great"], 65,
         "annotations[0].score: 'great' is not a score point of richness.explanations (not-present, low, mid, high)"),
        (["--code", "richness.explanations", "--score", "mid", "--at", "61"], 65,
         "annotations[0].evidence[0].time: 01:01.000 is outside the clip (00:00.000-01:00.500)"),
        (["--code", "lesson.overall-mqi", "--score", "4"], 65,
         "annotations[0].code: lesson.overall-mqi is a whole-lesson code: score it on a lesson sidecar, not a clip"),
        (["--code", "richness.explanations", "--score", "mid", "--segment", "1"], 65,
         "annotations[0].segment: a clip sidecar has no segments"),
        (["--code", "richness.explanations", "--score", "mid", "--at", "1:2:3:4"], 64, "--at: malformed time '1:2:3:4'"),
    ] as [([String], Int32, String)])
    func badAnnotationsAreRefused(arguments: [String], status: Int32, message: String) throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let before = try Data(contentsOf: url)
        let result = try clipcoach(arguments: ["annotate", url.path, "--rater", "Ana"] + arguments)
        #expect(result.status == status)
        let lines = SidecarCLIFixtures.lines(result.stderr)
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.contains(message) == true, "\(result.stderr)")
        if status == 65 { #expect(lines.first?.hasPrefix("clipcoach: \(url.path): ") == true, "\(result.stderr)") }
        #expect(try Data(contentsOf: url) == before)
        #expect(result.stdout.isEmpty)
    }

    @Test func segmentCodesOnALessonNeedASegment() throws {
        let url = try SidecarCLIFixtures.lessonSidecar()
        let refused = try clipcoach("annotate", url.path, "--code", "ccasp.communicate", "--score", "high", "--rater", "Ana")
        #expect(refused.status == 65)
        #expect(refused.stderr == "clipcoach: \(url.path): annotations[0].segment: ccasp.communicate is scored per segment: give a segment number (1...6)\n")
        let landed = try clipcoach("annotate", url.path, "--code", "ccasp.communicate", "--score", "high", "--rater", "Ana",
                                   "--segment", "3", "--at", "15:00", "--at", "22:30")
        #expect(landed.status == 0, "\(landed.stderr)")
        let outside = try clipcoach("annotate", url.path, "--code", "ccasp.communicate", "--score", "high", "--rater", "Ana",
                                    "--segment", "3", "--at", "22:30.001")
        #expect(outside.status == 65)
        #expect(outside.stderr.contains("annotations[1].evidence[0].time: 22:30.001 is outside segment 3 (15:00.000-22:30.000)"))
        let whole = try clipcoach("annotate", url.path, "--code", "lesson.time-efficient", "--score", "5", "--rater", "Ana")
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try SidecarStore.read(url).annotations.map(\.segment) == [3, nil])
    }

    @Test func removeTakesOutOneAnnotation() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let first = try clipcoach("annotate", url.path, "--code", "richness.language", "--score", "low", "--rater", "Ana")
        let second = try clipcoach("annotate", url.path, "--code", "richness.language", "--score", "high", "--rater", "Bo")
        let id = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let removed = try clipcoach("annotate", url.path, "--remove", id)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout == id + "\n")
        let sidecar = try SidecarStore.read(url)
        #expect(sidecar.annotations.map(\.id) == [second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(sidecar.revision == 4)

        let again = try clipcoach("annotate", url.path, "--remove", id)
        #expect(again.status == 66, "the annotation named is not there: no input, as the web's 404")
        #expect(again.stderr == "clipcoach: \(url.path): no annotation with id '\(id)'\n")
    }

    @Test func argumentMistakesAreUsageErrors() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let both = try clipcoach("annotate", url.path, "--remove", "a-1", "--code", "richness.language")
        #expect(both.status == 64)
        let noRater = try clipcoach("annotate", url.path, "--code", "richness.language", "--score", "low")
        #expect(noRater.status == 64)
        #expect(noRater.stderr.contains("--rater"))
        let badRole = try clipcoach("annotate", url.path, "--code", "richness.language", "--score", "low", "--rater", "A", "--role", "boss")
        #expect(badRole.status == 64)
    }

    @Test func missingAndBrokenSidecars() throws {
        let missing = try clipcoach("annotate", "/nonexistent/clip.json", "--code", "richness.language", "--score", "low", "--rater", "A")
        #expect(missing.status == 66)
        #expect(missing.stderr == "clipcoach: /nonexistent/clip.json: no such sidecar file\n")

        let url = try SidecarCLIFixtures.clipSidecar()
        let broken = Data("{\"schema\": \"clipcoach.sidecar\",".utf8)
        try broken.write(to: url)
        let result = try clipcoach("annotate", url.path, "--code", "richness.language", "--score", "low", "--rater", "A")
        #expect(result.status == 65)
        #expect(result.stderr == "clipcoach: \(url.path): not valid JSON\n")
        #expect(try Data(contentsOf: url) == broken)
    }

    @Test func anotherCodebookIsUsedAndRemembered() throws {
        let folder = try Fixtures.temporaryFolder("cli-codebook")
        let book = folder.appendingPathComponent("talk.json")
        try Data("""
        {"schema": "clipcoach.codebook", "schemaVersion": 1, "id": "talk-moves", "version": "0.1", "name": "Talk moves",
         "domains": [{"id": "talk", "name": "Talk"}],
         "scales": [{"id": "freq", "name": "Frequency", "points": [{"id": "never", "label": "Never"}, {"id": "often", "label": "Often"}]}],
         "codes": [{"id": "talk.revoicing", "name": "Revoicing", "domain": "talk", "level": "segment", "higherIsWorse": false, "scale": "freq"}]}
        """.utf8).write(to: book)
        let url = try SidecarCLIFixtures.clipSidecar()
        let added = try clipcoach("annotate", url.path, "--code", "talk.revoicing", "--score", "often", "--rater", "A", "--codebook", book.path)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try SidecarStore.read(url).codebook?.id == "talk-moves")
        let mixed = try clipcoach("annotate", url.path, "--code", "richness.language", "--score", "low", "--rater", "A")
        #expect(mixed.status == 65)
        #expect(mixed.stderr.contains("codebook.id: annotations use codebook 'talk-moves' but 'mqi-4point-2014' is loaded (load that codebook)"))

        let missingBook = try clipcoach("annotate", url.path, "--code", "x", "--score", "y", "--rater", "A", "--codebook", "/nonexistent/book.json")
        #expect(missingBook.status == 66)
        #expect(missingBook.stderr == "clipcoach: /nonexistent/book.json: no such codebook file\n")
    }
}
