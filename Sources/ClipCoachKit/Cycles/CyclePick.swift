import Catalog
import ClipCoachCore
import Foundation
import Media

/// `cycle pick`: checks the choice against the cycle's rules, cuts the two teacher clips
/// from the lesson with the cut command's engine (`CutJob`: posters, sidecars, atomic
/// outputs), and records the three clips in the catalog.
///
/// The rules are checked before anything is cut. The clips go to `outputFolder`, by
/// default `<catalog>.cycles/cycle-<id>/` beside an SQLite catalog (`cycles/cycle-<id>/`
/// in a PostgreSQL catalog's shared media folder), named
/// `cycle-<id>-teacher-1` and `-2`; their sidecars get the teacher, grade and a
/// `cycle-<id>` tag, so a later ingest knows them as the teacher's own.
public struct CyclePick: Sendable {
    public var store: CycleStore
    public var codebook: Codebook
    public var cycleID: Int
    public var teacherClips: [ClipWindow]
    /// The coach's names for the teacher clips (nil: "teacher clip N").
    public var labels: [String?] = []
    public var libraryClipIDs: [String]
    public var outputFolder: URL?
    public var mode: CutJob.Mode
    public var force: Bool

    public init(store: CycleStore, codebook: Codebook, cycleID: Int, teacherClips: [ClipWindow], libraryClipIDs: [String],
                outputFolder: URL? = nil, mode: CutJob.Mode = .copy, force: Bool = false) {
        self.store = store
        self.codebook = codebook
        self.cycleID = cycleID
        self.teacherClips = teacherClips
        self.libraryClipIDs = libraryClipIDs
        self.outputFolder = outputFolder
        self.mode = mode
        self.force = force
    }

    /// The default home of a cycle's clips: `library.sqlite` -> `library.cycles/cycle-3/`; on
    /// PostgreSQL `MEDIA/cycles/cycle-3/` in the shared media folder every coach's machine sees.
    public static func defaultFolder(catalog: OpenedCatalog, cycleID: Int) -> URL {
        switch catalog {
        case .sqlite(let database):
            let url = URL(fileURLWithPath: database.path)
            let stem = url.deletingPathExtension().lastPathComponent
            return url.deletingLastPathComponent().appendingPathComponent("\(stem).cycles")
                .appendingPathComponent("cycle-\(cycleID)")
        case .postgres(let database):
            return URL(fileURLWithPath: database.mediaFolder).appendingPathComponent("cycles")
                .appendingPathComponent("cycle-\(cycleID)")
        }
    }

    public func run(progress: ((Double) -> Bool)? = nil) throws(CycleWorkflowError) -> CoachingCycle {
        let cycle = try CycleStep.store { () throws(CycleStoreError) in try store.cycle(id: cycleID) }
        try CycleStep.rule { () throws(CycleError) in try cycle.checkCanPick() }
        // The file at the lesson's path must still be the lesson the cycle is about.
        let lessonNow = try CycleStep.sidecar { () throws(SidecarError) in try ContentFingerprint.of(path: cycle.lesson.path) }
        var found = try CycleStep.store { () throws(CycleStoreError) in try store.libraryClips(ids: libraryClipIDs) }
        // The sidecar is the record: a clip taken off `library` since the catalog last heard is refused.
        for (id, facts) in found {
            found[id]?.sharing = SharingChange.currentStatus(sidecarPath: facts.files.sidecar, catalogStatus: facts.sharing)
        }
        let own = try CycleStep.store { () throws(CycleStoreError) in try store.lessonFingerprints(teacher: cycle.teacher) }
        let windows = teacherClips.enumerated().map { index, window in
            CycleRules.TeacherWindow(window: window, sourceFingerprint: lessonNow,
                                     label: (index < labels.count ? labels[index] : nil) ?? "teacher clip \(index + 1)")
        }
        var next = cycle
        try CycleStep.rule { () throws(CycleError) in
            try next.chooseClips(teacher: windows, library: libraryClipIDs, catalog: found, ownLessonFingerprints: own)
        }

        let folder = outputFolder ?? Self.defaultFolder(catalog: store.catalog, cycleID: cycle.id)
        var job = CutJob(lessonPath: cycle.lesson.path,
                         specs: teacherClips.enumerated().map { index, window in
                             ClipSpec(start: window.start, end: window.end, label: "cycle-\(cycle.id)-teacher-\(index + 1)")
                         },
                         outputFolder: folder)
        job.mode = mode
        // Re-picking (allowed until the first note) replaces the cycle's own earlier cuts.
        job.force = force || cycle.state == .clipsChosen
        let results: [CutResult]
        do { results = try job.run(progress: progress) } catch { throw .cut(error) }

        for (index, result) in results.enumerated() {
            guard let clip = result.sidecar.clip else { continue }
            try tag(result.files.sidecar, cycle: cycle)
            next.recordCut(clip: index + 1, actual: ClipWindow(start: clip.actualStart, end: clip.actualEnd),
                           files: ClipFilePaths(media: result.files.clip.path,
                                                poster: result.posterWritten ? result.files.poster?.path : nil,
                                                sidecar: result.files.sidecar.path))
        }
        next.clipFolder = folder.standardizedFileURL.path
        return try CycleStep.store { () throws(CycleStoreError) in try store.replace(next) }
    }

    /// Marks a cut clip's sidecar as the teacher's, for search and for later ingests.
    private func tag(_ sidecar: URL, cycle: CoachingCycle) throws(CycleWorkflowError) {
        _ = try CycleStep.sidecar { () throws(SidecarError) in
            try SidecarStore.update(at: sidecar, codebook: codebook) { (sidecar: inout Sidecar) throws(SidecarError) in
                sidecar.context.teacher = cycle.teacher
                if let grade = cycle.grade { sidecar.context.grade = grade }
                let tag = "cycle-\(cycle.id)"
                if !sidecar.context.tags.contains(tag) { sidecar.context.tags.append(tag) }
            }
        }
    }
}
