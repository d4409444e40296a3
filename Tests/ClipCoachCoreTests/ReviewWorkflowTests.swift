import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct ReviewWorkflowTests {
    static func clipWithAnnotation() throws -> (url: URL, annotation: Sidecar.Annotation) {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        let annotation = Sidecar.Annotation(code: "richness.explanations", score: "low", rater: "ana")
        try SidecarFixtures.add(annotation, to: url)
        return (url, annotation)
    }

    @Test func everyTransitionOfTheStateMachine() {
        let allowed: [(ReviewAction, ReviewState, ReviewState)] = [
            (.submit, .draft, .submitted), (.submit, .changesRequested, .submitted),
            (.accept, .submitted, .accepted), (.requestChanges, .submitted, .changesRequested),
            (.annotate, .submitted, .draft), (.annotate, .accepted, .draft),
            (.annotate, .draft, .draft), (.annotate, .changesRequested, .changesRequested),
        ]
        for action in ReviewAction.allCases where action != .comment {
            for state in ReviewState.allCases {
                let expected = allowed.first { $0.0 == action && $0.1 == state }?.2
                #expect(action.next(from: state) == expected, "\(action) from \(state)")
            }
        }
        for state in ReviewState.allCases { #expect(ReviewAction.comment.next(from: state) == state) }
    }

    @Test func submitRequestChangesResubmitAccept() throws {
        let mqi = try Codebook.mqi
        let (url, annotation) = try Self.clipWithAnnotation()
        #expect(try SidecarStore.read(url).reviewState(segment: nil) == .draft)

        let submitted = try ReviewStore.perform(.submit, at: url, by: "ana", comment: "first pass", codebook: mqi)
        #expect(submitted.event.from == .draft && submitted.event.to == .submitted)
        #expect(submitted.event.changes == ["added \(annotation.id) richness.explanations = low (ana)"])
        #expect(submitted.event.revision == submitted.sidecar.revision)

        let sentBack = try ReviewStore.perform(.requestChanges, at: url, by: "lead", comment: "explanations look mid to me", codebook: mqi)
        #expect(sentBack.sidecar.revision == submitted.sidecar.revision + 1)
        #expect(try sentBack.sidecar.reviewState(segment: nil) == .changesRequested)

        // The rater changes the score with the plain annotate path (not the review page): the
        // next decision still lists the change, from the snapshots.
        try SidecarStore.update(at: url, codebook: mqi) { sidecar throws(SidecarError) in
            sidecar.annotations[0].score = "mid"
        }
        try ReviewStore.perform(.submit, at: url, by: "ana", codebook: mqi)
        let accepted = try ReviewStore.perform(.accept, at: url, by: "lead", comment: "thanks", codebook: mqi)
        let record = try accepted.sidecar.reviewRecord()
        let set = try #require(record.set(segment: nil))
        #expect(set.state == .accepted)
        #expect(set.submittedBy == "ana")
        #expect(set.events.map(\.action) == [.submit, .requestChanges, .submit, .accept])
        #expect(set.events.map(\.by) == ["ana", "lead", "ana", "lead"])
        #expect(set.events[1].comment == "explanations look mid to me")
        #expect(set.events[2].changes == ["score of \(annotation.id) richness.explanations (ana): low -> mid"])
        #expect(set.events[3].changes == [], "nothing changed between the resubmission and the acceptance")
        #expect(set.events.allSatisfy { !$0.at.isEmpty })

        // What was saved is a valid sidecar that still validates against the schema file.
        let result = try JSONSchemaCheck.validate([url.path], against: "sidecar-v1.schema.json")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func refusedActionsLeaveTheFileAlone() throws {
        let mqi = try Codebook.mqi
        let (url, _) = try Self.clipWithAnnotation()
        let before = try SidecarFixtures.bytes(url)
        let shown = url.relativePath

        #expect(throws: ReviewError.notAllowed(path: shown, action: .accept, state: .draft)) {
            try ReviewStore.perform(.accept, at: url, by: "lead", codebook: mqi)
        }
        #expect(throws: ReviewError.invalidInput(path: shown, field: "comment", message: "say what should change")) {
            try ReviewStore.perform(.requestChanges, at: url, by: "lead", codebook: mqi)
        }
        #expect(throws: ReviewError.noSuchSet(path: shown, message: "a clip sidecar has no segments: its one set is the whole clip")) {
            try ReviewStore.perform(.submit, at: url, by: "ana", segment: 2, codebook: mqi)
        }
        #expect(throws: ReviewError.invalidInput(path: shown, field: "reviewer", message: "empty")) {
            try ReviewStore.perform(.submit, at: url, by: "  ", codebook: mqi)
        }
        #expect(try SidecarFixtures.bytes(url) == before, "no refused action touched the file")

        try ReviewStore.perform(.submit, at: url, by: "ana", codebook: mqi)
        #expect(throws: ReviewError.ownWork(path: shown, reviewer: "ana")) {
            try ReviewStore.perform(.accept, at: url, by: "ana", codebook: mqi)
        }
        #expect(throws: ReviewError.notAllowed(path: shown, action: .submit, state: .submitted)) {
            try ReviewStore.perform(.submit, at: url, by: "ana", codebook: mqi)
        }
        let error = ReviewError.notAllowed(path: shown, action: .submit, state: .submitted)
        #expect(error.description == "\(shown): submit: not allowed when the set is submitted (it is waiting for a reviewer)")
    }

    @Test func aStaleRevisionIsRefusedNotMerged() throws {
        let mqi = try Codebook.mqi
        let (url, _) = try Self.clipWithAnnotation()
        let seen = try SidecarStore.read(url).revision
        try SidecarFixtures.add(Sidecar.Annotation(code: "richness.language", score: "high", rater: "bo"), to: url)
        let before = try SidecarFixtures.bytes(url)
        #expect(throws: ReviewError.staleRevision(path: url.relativePath, expected: seen, current: seen + 1)) {
            try ReviewStore.perform(.submit, at: url, by: "ana", expectedRevision: seen, codebook: mqi)
        }
        #expect(try SidecarFixtures.bytes(url) == before)
        let saved = try ReviewStore.perform(.submit, at: url, by: "ana", expectedRevision: seen + 1, codebook: mqi)
        #expect(saved.sidecar.revision == seen + 2)
    }

    @Test func lessonSegmentsAreSeparateSets() throws {
        let mqi = try Codebook.mqi
        let url = try SidecarFixtures.write(SidecarFixtures.lesson(), name: "lesson.json")
        try SidecarFixtures.add(SidecarFixtures.annotation("ccasp.communicate", "high", segment: 2), to: url)
        try SidecarFixtures.add(SidecarFixtures.annotation("lesson.overall-mqi", "3"), to: url)
        try ReviewStore.perform(.submit, at: url, by: "Ana", segment: 2, codebook: mqi)
        let sidecar = try SidecarStore.read(url)
        #expect(try sidecar.reviewState(segment: 2) == .submitted)
        #expect(try sidecar.reviewState(segment: nil) == .draft)
        #expect(try sidecar.reviewState(segment: 3) == .draft)
        #expect(try sidecar.reviewRecord().set(segment: 2)?.events.first?.snapshot?.map(\.code) == ["ccasp.communicate"])
        #expect(sidecar.reviewSetSegments.count == 7)
        #expect(throws: ReviewError.noSuchSet(path: url.relativePath, message: "9 is not a segment of this lesson (1...6)")) {
            try ReviewStore.perform(.submit, at: url, by: "Ana", segment: 9, codebook: mqi)
        }
    }

    @Test func editsThroughTheReviewPathAreTrailedAndReopenAcceptedSets() throws {
        let mqi = try Codebook.mqi
        let (url, annotation) = try Self.clipWithAnnotation()
        try ReviewStore.perform(.submit, at: url, by: "ana", codebook: mqi)
        try ReviewStore.perform(.accept, at: url, by: "lead", codebook: mqi)

        let changed = try ReviewStore.edit(.change(id: annotation.id, score: "high", note: .some("clearer now"), evidence: nil),
                                           at: url, by: "ana", codebook: mqi)
        #expect(changed.annotation.score == "high")
        #expect(changed.sidecar.annotations.count == 1)
        let set = try #require(try changed.sidecar.reviewRecord().set(segment: nil))
        #expect(set.state == .draft, "an accepted set that is edited goes back to draft")
        let last = try #require(set.events.last)
        #expect(last.action == .annotate && last.from == .accepted && last.to == .draft)
        #expect(last.changes == ["score of \(annotation.id) richness.explanations (ana): low -> high",
                                 "note of \(annotation.id) richness.explanations (ana) changed"])

        let added = try ReviewStore.edit(.add(Sidecar.Annotation(code: "richness.language", score: "mid", rater: "bo")),
                                         at: url, by: "bo", codebook: mqi)
        #expect(added.sidecar.annotations.count == 2)
        #expect(throws: ReviewError.unknownAnnotation(path: url.relativePath, id: "a-nope")) {
            try ReviewStore.edit(.remove(id: "a-nope"), at: url, by: "bo", codebook: mqi)
        }
        // A score point off the code's scale is the sidecar's own check, with the file named.
        do {
            try ReviewStore.edit(.change(id: annotation.id, score: "great", note: nil, evidence: nil), at: url, by: "ana", codebook: mqi)
            Issue.record("a score off the scale was saved")
        } catch {
            guard case .sidecar(let inner) = error else { Issue.record("\(error)"); return }
            #expect(inner.kind == .wrongScale)
            #expect(inner.path == url.relativePath)
        }
    }

    @Test func theRecordKeepsUnknownFieldsAndSurvivesOtherWriters() throws {
        let mqi = try Codebook.mqi
        let (url, _) = try Self.clipWithAnnotation()
        try ReviewStore.perform(.submit, at: url, by: "ana", codebook: mqi)
        // A newer ClipCoach added fields at three levels of the record.
        var object = try SidecarFixtures.object(url)
        var review = try #require(object["review"] as? [String: Any])
        var sets = try #require(review["sets"] as? [[String: Any]])
        var events = try #require(sets[0]["events"] as? [[String: Any]])
        events[0]["signature"] = "x"
        sets[0]["events"] = events
        sets[0]["dueBy"] = "2026-01-01"
        review["sets"] = sets
        review["policy"] = ["twoReviewers": true]
        object["review"] = review
        try JSONSerialization.data(withJSONObject: object).write(to: url)

        // Another writer (tag, annotate) carries the record through unchanged.
        try SidecarStore.update(at: url, codebook: mqi) { sidecar throws(SidecarError) in sidecar.context.grade = "4" }
        try ReviewStore.perform(.accept, at: url, by: "lead", codebook: mqi)
        let after = try SidecarFixtures.object(url)
        let afterReview = try #require(after["review"] as? [String: Any])
        #expect((afterReview["policy"] as? [String: Any])?["twoReviewers"] as? Bool == true)
        let afterSet = try #require((afterReview["sets"] as? [[String: Any]])?.first)
        #expect(afterSet["dueBy"] as? String == "2026-01-01")
        #expect((afterSet["events"] as? [[String: Any]])?.first?["signature"] as? String == "x")
        #expect((afterSet["events"] as? [[String: Any]])?.count == 2)
    }

    @Test func aMalformedRecordIsReportedWithItsField() throws {
        let mqi = try Codebook.mqi
        let (url, _) = try Self.clipWithAnnotation()
        var object = try SidecarFixtures.object(url)
        object["review"] = ["sets": [["state": "finished", "updatedAt": "2025-01-01T00:00:00Z", "events": []]]]
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        let before = try SidecarFixtures.bytes(url)
        do {
            try ReviewStore.perform(.submit, at: url, by: "ana", codebook: mqi)
            Issue.record("a malformed review record was overwritten")
        } catch {
            guard case .invalidRecord(let path, let field, let message) = error else { Issue.record("\(error)"); return }
            #expect(path == url.relativePath)
            #expect(field == "sets[0].state")
            #expect(message.contains("'finished' is not a review state"))
        }
        #expect(try SidecarFixtures.bytes(url) == before)
    }
}
