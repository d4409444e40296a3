import Catalog
import ClipCoachCore
import Foundation
import Media

/// `cycle suggest`: teacher-clip windows from the lesson's scores on the focus codes,
/// and library clips from the catalog, each with reasons.
///
/// The lesson's scores are read from sidecars: the lesson sidecar beside the lesson
/// (`lesson.mp4` -> `lesson.json`, as `clipcoach segment` writes it), the sidecars the
/// catalog knows for the lesson (clips cut from it, its lesson sidecar), and any given
/// in `extraSidecars` (files, or folders of them). Only sidecars of this very video
/// (same fingerprint) count; each is read once.
public struct CycleSuggest: Sendable {
    public var store: CycleStore
    public var codebook: Codebook
    public var extraSidecars: [String]
    /// Snap windows to the lesson's keyframes, as a stream-copy `pick` will cut them.
    public var copyMode: Bool
    public var libraryLimit: Int
    /// Also rank library clips not cleared as `library`, marked (`cycle suggest --all`).
    public var allStatuses = false

    public init(store: CycleStore, codebook: Codebook, extraSidecars: [String] = [], copyMode: Bool = true,
                libraryLimit: Int = 3) {
        self.store = store
        self.codebook = codebook
        self.extraSidecars = extraSidecars
        self.copyMode = copyMode
        self.libraryLimit = libraryLimit
    }

    public func run(cycleID: Int) throws(CycleWorkflowError) -> CycleSuggestions {
        let cycle = try CycleStep.store { () throws(CycleStoreError) in try store.cycle(id: cycleID) }
        var sources: [String] = []
        let observations = try lessonObservations(cycle, sources: &sources)
        let keyframes = copyMode ? try lessonKeyframes(cycle) : []
        var teacherClips = TeacherClipRecommender(focusCodes: cycle.focusCodes, codebook: codebook,
                                                  lessonDuration: cycle.lesson.duration, bounds: cycle.bounds,
                                                  keyframes: keyframes).suggest(from: observations)
        // No scores on the focus codes: the lesson's talk moments, when `clipcoach moments` stored them.
        if teacherClips.allSatisfy({ $0.purpose == .unscored }), let moments = storedMoments(cycle, sources: &sources) {
            let fromMoments = MomentSuggestions.suggest(moments, focusCodes: cycle.focusCodes, bounds: cycle.bounds)
            if !fromMoments.isEmpty { teacherClips = fromMoments }
        }

        let used = try CycleStep.store { () throws(CycleStoreError) in
            try store.usedLibraryClips(teacher: cycle.teacher, excluding: cycle.id)
        }
        let own = try CycleStep.store { () throws(CycleStoreError) in try store.lessonFingerprints(teacher: cycle.teacher) }
        let clips = try CycleStep.store { () throws(CycleStoreError) in try store.libraryClips(scoredOn: cycle.focusCodes) }
        var recommender = LibraryClipRecommender(focusCodes: cycle.focusCodes, codebook: codebook, teacher: cycle.teacher,
                                                 teacherGrade: cycle.grade, usedClips: used,
                                                 ownLessonFingerprints: own.union([cycle.lesson.fingerprint]),
                                                 limit: libraryLimit)
        recommender.allStatuses = allStatuses
        let library = recommender.suggest(clips)
        return CycleSuggestions(cycleID: cycle.id, focusCodes: cycle.focusCodes, teacherClips: teacherClips,
                                libraryClips: library.suggestions, notSuggested: library.notSuggested, sources: sources)
    }

    /// Scores of this lesson from every sidecar found; `sources` says which were read or skipped.
    func lessonObservations(_ cycle: CoachingCycle, sources: inout [String]) throws(CycleWorkflowError) -> [LessonObservation] {
        let beside = URL(fileURLWithPath: cycle.lesson.path).deletingPathExtension().appendingPathExtension("json").path
        let catalogued = try CycleStep.store { () throws(CycleStoreError) in
            try store.sidecarPaths(ofLesson: cycle.lesson.fingerprint)
        }
        var candidates = [beside] + catalogued
        for path in extraSidecars { candidates += Self.jsonFiles(at: path) }
        // Files named on the command line are reported when they do not count; others quietly.
        let named = Set(extraSidecars.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        var seen: Set<String> = []
        var observations: [LessonObservation] = []
        for path in candidates {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            guard seen.insert(absolute).inserted else { continue }
            guard FileManager.default.fileExists(atPath: absolute) else {
                if named.contains(absolute) { sources.append("skipped \(absolute): no such file") }
                continue
            }
            let name = URL(fileURLWithPath: absolute).lastPathComponent
            let sidecar: Sidecar
            do { sidecar = try SidecarStore.read(URL(fileURLWithPath: absolute)) } catch {
                sources.append("skipped \(absolute): \(error.message)")
                continue
            }
            guard sidecar.source.fingerprint == cycle.lesson.fingerprint else {
                if named.contains(absolute) { sources.append("skipped \(absolute): not a sidecar of this lesson") }
                continue
            }
            let found = sidecar.kind == .lesson ? LessonObservations.from(lesson: sidecar, name: name)
                                                : LessonObservations.from(clip: sidecar, name: name)
            let onFocus = found.filter { cycle.focusCodes.contains($0.code) }.count
            sources.append("read \(absolute): \(onFocus) score\(onFocus == 1 ? "" : "s") on the focus codes")
            observations += found
        }
        if observations.isEmpty { sources.append("no sidecar of this lesson found: annotate it (clipcoach segment + annotate) for scored suggestions") }
        return observations
    }

    /// The moments stored in the lesson sidecar beside the lesson (or one the catalog knows).
    func storedMoments(_ cycle: CoachingCycle, sources: inout [String]) -> LessonMomentsReport? {
        let beside = URL(fileURLWithPath: cycle.lesson.path).deletingPathExtension().appendingPathExtension("json").path
        let catalogued = (try? store.sidecarPaths(ofLesson: cycle.lesson.fingerprint)) ?? []
        for path in [beside] + catalogued {
            guard let sidecar = try? SidecarStore.read(URL(fileURLWithPath: path)), sidecar.kind == .lesson,
                  sidecar.source.fingerprint == cycle.lesson.fingerprint,
                  let report = LessonMomentsStore.load(from: sidecar) else { continue }
            sources.append("read \(path): talk moments (clipcoach moments)")
            return report
        }
        return nil
    }

    /// The lesson's keyframes on its own timeline (0 = first frame), as `cut` will use them.
    func lessonKeyframes(_ cycle: CoachingCycle) throws(CycleWorkflowError) -> [Double] {
        let file = try CycleStep.media { () throws(MediaError) in try MediaFile(path: cycle.lesson.path) }
        let origin = file.info().startTime ?? 0
        let index = try CycleStep.media { () throws(MediaError) in try file.keyframes() }
        return index.times.map { Timecode.rounded($0 - origin) }.filter { $0 >= 0 }
    }

    /// A sidecar file, or the sidecars in a folder (not its subfolders), sorted.
    static func jsonFiles(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [path] }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
    }
}
