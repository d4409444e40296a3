import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

/// The cycle board's work, through the same workflows as `clipcoach cycle` (CycleStart,
/// CycleSuggest, CyclePick, the CoachingCycle transitions, CyclePacketExport). Every write
/// names the revision the page shows: 409 when the cycle moved on. Blocking: call through BlockingIO.
extension StudioLibrary {
    var cycleStore: CycleStore { CycleStore(catalog: catalog) }

    func cycles(lessonID: Int64) throws(APIError) -> [CycleView] {
        let lesson = try lesson(id: lessonID)
        let all = try cycleStep { () throws(CycleStoreError) in try cycleStore.cycles() }
        return all.filter { $0.lesson.fingerprint == lesson.fingerprint }.map(view)
    }

    func cycle(id: Int) throws(APIError) -> CycleView { view(try storedCycle(id)) }

    func startCycle(lessonID: Int64, _ request: StartCycleRequest) throws(APIError) -> CycleView {
        let lesson = try lesson(id: lessonID)
        let start = CycleStart(store: cycleStore, codebook: codebook, teacher: request.teacher, lessonPath: lesson.videoPath,
                               focusCodes: request.focusCodes, grade: request.grade)
        return view(try workflow { () throws(CycleWorkflowError) in try start.run().cycle })
    }

    func suggestions(cycleID: Int) throws(APIError) -> SuggestionsView {
        let found = try workflow { () throws(CycleWorkflowError) in
            try CycleSuggest(store: cycleStore, codebook: codebook).run(cycleID: cycleID)
        }
        return SuggestionsView(focusCodes: found.focusCodes, teacherClips: found.teacherClips, libraryClips: found.libraryClips)
    }

    /// Library clips scored on `code` (default: the focus codes), not of this teacher or lesson.
    func searchLibrary(cycleID: Int, code: String?, score: String?, grade: String?, text: String?) throws(APIError) -> [LibraryHit] {
        let cycle = try storedCycle(cycleID)
        let codes = code.map { [$0] } ?? cycle.focusCodes
        let store = cycleStore
        let facts = try cycleStep { () throws(CycleStoreError) in try store.libraryClips(scoredOn: codes) }
        let own = try cycleStep { () throws(CycleStoreError) in try store.lessonFingerprints(teacher: cycle.teacher) }
            .union([cycle.lesson.fingerprint])
        let words = (text ?? "").lowercased().split(whereSeparator: \.isWhitespace)
        return facts.filter { clip in
            // Only clips cleared to show other teachers (sharing: library), as `cycle pick` requires.
            guard clip.isClearedForLibrary, !CoachingCycle.sameTeacher(clip.teacher, cycle.teacher) else { return false }
            if let source = clip.sourceFingerprint, own.contains(source) { return false }
            if let score, !clip.scores.contains(where: { codes.contains($0.code) && $0.score == score }) { return false }
            if let grade, clip.grade?.caseInsensitiveCompare(grade) != .orderedSame { return false }
            let haystack = ([clip.label, clip.grade].compactMap { $0 } + clip.scores.map(\.code)).joined(separator: " ").lowercased()
            return words.allSatisfy { haystack.contains($0) }
        }.map { LibraryHit(id: $0.id, label: $0.label, duration: $0.duration, grade: $0.grade, scores: $0.scores) }
    }

    /// Cuts the two teacher clips (CyclePick) and catalogues them so the board shows posters.
    func pick(cycleID: Int, _ request: PickRequest) async throws(APIError) -> CycleView {
        let store = cycleStore, codebook = codebook
        let cycle = try await BlockingIO.run { () throws(APIError) in try self.storedCycle(cycleID) }
        guard cycle.revision == request.revision else { throw Self.stale(cycleID) }
        var pick = CyclePick(store: store, codebook: codebook, cycleID: cycleID,
                             teacherClips: request.teacherClips.map { ClipWindow(start: $0.start, end: $0.end) },
                             libraryClipIDs: [request.libraryClipID])
        pick.labels = request.teacherClips.map(\.label)
        let picked = pick
        let saved = try await BlockingIO.run { () throws(APIError) in
            try self.workflow { () throws(CycleWorkflowError) in try picked.run() }
        }
        if let folder = saved.clipFolder { await ingest([folder]) }
        return view(saved)
    }

    func writeNote(cycleID: Int, clip: Int, _ request: NoteRequest) throws(APIError) -> CycleView {
        let note = ClipNote(clip: clip, describe: request.describe, elevate: request.elevate, nextSteps: request.nextSteps)
        return try change(cycleID, revision: request.revision) { (cycle: inout CoachingCycle) throws(CycleError) in
            try cycle.writeNote(note)
        }
    }

    func setPlan(cycleID: Int, _ request: PlanRequest) throws(APIError) -> CycleView {
        let plan = ActionPlan(goals: request.goals.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty },
                              nextFocusCodes: request.nextFocusCodes)
        let codebook = codebook
        return try change(cycleID, revision: request.revision) { (cycle: inout CoachingCycle) throws(CycleError) in
            try cycle.setPlan(plan, codebook: codebook)
        }
    }

    func close(cycleID: Int, revision: Int) throws(APIError) -> CycleView {
        try change(cycleID, revision: revision) { (cycle: inout CoachingCycle) throws(CycleError) in try cycle.close() }
    }

    /// The packet (`cycle export`) zipped into `zip`; the packet folder is removed after.
    func packet(cycleID: Int, zip: URL) throws(APIError) {
        let cycle = try storedCycle(cycleID)
        let staging = zip.deletingLastPathComponent().appendingPathComponent("cycle-\(cycleID)-packet")
        defer { try? FileManager.default.removeItem(at: staging) }
        _ = try workflow { () throws(CycleWorkflowError) in
            try CyclePacketExport(cycle: cycle, codebook: codebook, outputFolder: staging).run()
        }
        do {
            try StoredZip.write(folder: staging, into: "cycle-\(cycleID)", to: zip)
        } catch {
            throw APIError(.internalServerError, "cannot write the packet's zip: \(error)")
        }
    }

    // MARK: Private

    /// Applies a transition to the cycle the page showed: refused (409) if it moved on since.
    private func change(_ id: Int, revision: Int, _ transition: (inout CoachingCycle) throws(CycleError) -> Void) throws(APIError) -> CycleView {
        var cycle = try storedCycle(id)
        guard cycle.revision == revision else { throw Self.stale(id) }
        do { try transition(&cycle) } catch { throw apiError(.store(.rule(error))) }
        let store = cycleStore
        return view(try cycleStep { () throws(CycleStoreError) in try store.replace(cycle) })
    }

    private func storedCycle(_ id: Int) throws(APIError) -> CoachingCycle {
        let store = cycleStore
        return try cycleStep { () throws(CycleStoreError) in try store.cycle(id: id) }
    }

    private func view(_ cycle: CoachingCycle) -> CycleView {
        func catalogID(_ files: ClipFilePaths) -> Int64? {
            files.sidecar.flatMap { try? catalog.clipID(forSidecar: $0) }
        }
        var clips = cycle.teacherClips.map { clip in
            CycleView.Clip(number: clip.number, label: clip.label, requested: clip.requested, actual: clip.actual,
                           duration: clip.actual?.length, grade: cycle.grade, clipID: catalogID(clip.files))
        }
        if let library = cycle.libraryClip {
            clips.append(CycleView.Clip(number: LibraryClipChoice.number, label: library.label ?? "library clip", requested: nil,
                                        actual: nil, duration: library.duration, grade: library.grade, clipID: Int64(library.clipID)))
        }
        return CycleView(id: cycle.id, revision: cycle.revision, teacher: cycle.teacher, grade: cycle.grade, state: cycle.state,
                         stateLabel: cycle.state.label, focusCodes: cycle.focusCodes, clips: clips, notes: cycle.notes,
                         plan: cycle.plan, createdAt: cycle.createdAt, closedAt: cycle.closedAt,
                         packetURL: "/api/cycles/\(cycle.id)/packet.zip")
    }

    private func cycleStep<T>(_ body: () throws(CycleStoreError) -> T) throws(APIError) -> T {
        do { return try body() } catch { throw apiError(.store(error)) }
    }

    private func workflow<T>(_ body: () throws(CycleWorkflowError) -> T) throws(APIError) -> T {
        do { return try body() } catch { throw apiError(error) }
    }

    static func stale(_ id: Int) -> APIError {
        APIError(.conflict, "cycle \(id) was changed meanwhile (in another tab or by a colleague): reload to see it; nothing was saved")
    }

    /// Statuses for the workflow's errors; messages name no server path.
    private func hidePaths(_ text: String) -> String {
        var text = text
        switch catalog {
        case .sqlite(let database):
            text = text.replacingOccurrences(of: database.path, with: "the catalog")
                .replacingOccurrences(of: URL(fileURLWithPath: database.path).deletingLastPathComponent().path + "/", with: "")
        case .postgres(let database):
            text = text.replacingOccurrences(of: database.label, with: "the catalog")
                .replacingOccurrences(of: database.mediaFolder + "/", with: "")
        }
        for folder in lessonFolders { text = text.replacingOccurrences(of: folder.path + "/", with: "") }
        return text
    }

    private func apiError(_ error: CycleWorkflowError) -> APIError {
        switch error {
        case .store(.noSuchCycle(let id, _)): return APIError(.notFound, "no coaching cycle \(id)")
        case .store(.changedMeanwhile(let id)): return Self.stale(id)
        case .store(.rule(let rule)): return APIError(.unprocessableContent, rule.description)
        case .store(.notACatalogClipID(let id)): return APIError(.unprocessableContent, "'\(id)' is not a catalog clip id")
        case .store(.readOnly): return APIError(.conflict, "the catalog was written by a newer ClipCoach: it is read-only here")
        default: return APIError(.unprocessableContent, hidePaths(error.description))
        }
    }
}
