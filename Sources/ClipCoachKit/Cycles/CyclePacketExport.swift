import Catalog
import ClipCoachCore
import Foundation
import Media
import SafeFiles

/// `cycle export`: the packet for the conversation, a folder holding
///
///     index.html            the page (plays the clips, shows focus, notes, plan)
///     cycle.json            the same as data (CyclePacketDocument)
///     clips/clip-1.mp4 .jpg .json    teacher clip 1, its poster and sidecar (copies)
///     clips/clip-2.*        teacher clip 2
///     clips/clip-3.mp4 .jpg the library clip: video and poster only
///
/// A packet goes to the teacher: it holds their own clips with their annotations, and of the
/// library clip (another classroom) only its label, grade, topic and the codes and score
/// points it exemplifies as accepted scores: no other teacher's or rater's name, no notes, no
/// sidecar. The teacher's clip sidecars keep each annotation's code, score, role and evidence
/// times; names, notes and evidence comments only where the teacher wrote them; no sharing
/// record, review trail or other tool's fields. Videos are stream copies without their
/// container and stream tags. Every path in it is relative to the packet
/// (docs/coaching-cycle.md, "What a packet holds").
///
/// The folder is built under a hidden temporary name beside it and renamed into place
/// when whole: a failure leaves no half packet. An existing folder is replaced only with
/// `force` (the old one is moved aside first and deleted after the new one is in place).
public struct CyclePacketExport: Sendable {
    public var cycle: CoachingCycle
    public var codebook: Codebook
    public var outputFolder: URL
    public var force: Bool

    public init(cycle: CoachingCycle, codebook: Codebook, outputFolder: URL, force: Bool = false) {
        self.cycle = cycle
        self.codebook = codebook
        self.outputFolder = outputFolder
        self.force = force
    }

    public struct Result: Sendable {
        public let folder: URL
        public let page: URL
        public let document: CyclePacketDocument
        /// Files recorded for a clip but gone (posters, sidecars): left out of the packet.
        public let warnings: [String]
    }

    public func run(now: String = Sidecar.timestamp()) throws(CycleWorkflowError) -> Result {
        guard cycle.state >= .clipsChosen, cycle.teacherClips.count == 2, let library = cycle.libraryClip else {
            throw .rule(.outOfOrder(action: .export, state: cycle.state))
        }
        let target = outputFolder.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: target.path) && !force { throw .exists(path: target.path) }
        // The folder the packet goes into is made, with its parents, if missing; a failed
        // export takes away again what it made.
        let madeParents = try makeParent(parent)
        var exported = false
        defer { if !exported { MadeFolders.removeIfEmpty(madeParents) } }

        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: staging) }
        let clipsFolder = staging.appendingPathComponent("clips")
        try make(clipsFolder)

        var warnings: [String] = []
        var clips: [CyclePacketDocument.Clip] = []
        for clip in cycle.teacherClips {
            let files = try copy(clip.files, number: clip.number, into: clipsFolder, withSidecar: true, warnings: &warnings)
            clips.append(CyclePacketDocument.Clip(
                number: clip.number, kind: "teacher", title: clip.label, video: files.video, poster: files.poster,
                sidecar: files.sidecar, window: clip.actual ?? clip.requested,
                duration: (clip.actual ?? clip.requested).length, grade: cycle.grade, libraryClipID: nil,
                note: cycle.note(for: clip.number)))
        }
        // The sidecar is the record: a library clip no longer cleared as `library` stays out.
        let sharingNow = SharingChange.currentStatus(sidecarPath: library.files.sidecar, catalogStatus: .library)
        if sharingNow == .library {
            let libraryFiles = try copy(library.files, number: LibraryClipChoice.number, into: clipsFolder, withSidecar: false,
                                        warnings: &warnings)
            let card = Self.libraryCard(library.files.sidecar)
            clips.append(CyclePacketDocument.Clip(
                number: LibraryClipChoice.number, kind: "library", title: library.label ?? "catalog clip \(library.clipID)",
                video: libraryFiles.video, poster: libraryFiles.poster, sidecar: nil, window: nil,
                duration: library.duration, grade: library.grade, libraryClipID: library.clipID,
                note: cycle.note(for: LibraryClipChoice.number), topic: card.topic, exemplifies: card.exemplifies))
        } else {
            warnings.append("library clip \(library.clipID) is now shared as '\(sharingNow.rawValue)', not cleared to show "
                            + "other teachers; left out of the packet (pick another with `cycle pick`)")
        }

        let document = CyclePacketDocument(
            schema: CyclePacketDocument.schemaName, schemaVersion: 1, exportedAt: now,
            focusCodes: cycle.focusCodes.map { CyclePacketDocument.code($0, in: codebook) },
            nextFocusCodes: (cycle.plan?.nextFocusCodes ?? []).map { CyclePacketDocument.code($0, in: codebook) },
            clips: clips, cycle: Self.packetCycle(cycle, clips: clips))
        try write(Data(CyclePacketPage.html(document).utf8), to: staging.appendingPathComponent("index.html"))
        try write(try encode(document), to: staging.appendingPathComponent("cycle.json"))
        try moveIntoPlace(staging, target)
        exported = true
        return Result(folder: target, page: target.appendingPathComponent("index.html"), document: document, warnings: warnings)
    }

    // MARK: - Files

    struct CopiedFiles {
        var video: String
        var poster: String?
        var sidecar: String?
    }

    /// The library clip's topic and the codes and score points of its clip-level annotations
    /// that were accepted in review (a lead agreed: not any one rater's draft), read from its
    /// sidecar; nothing else of it goes into the packet.
    static func libraryCard(_ sidecarPath: String?) -> (topic: String?, exemplifies: [CyclePacketDocument.Exemplified]) {
        guard let sidecarPath, let sidecar = try? SidecarStore.read(URL(fileURLWithPath: sidecarPath)) else { return (nil, []) }
        var seen = Set<CyclePacketDocument.Exemplified>()
        let points = sidecar.acceptedAnnotations(inSet: nil)
            .map { CyclePacketDocument.Exemplified(code: $0.code, score: $0.score) }
            .filter { seen.insert($0).inserted }
        return (sidecar.context.topic, points)
    }

    /// A teacher clip's sidecar as the packet holds it: what the conversation needs of the
    /// teacher's own clip and nothing about other people. Each annotation keeps its code, score,
    /// role, segment and evidence times; the person's name, note and evidence comments stay only
    /// where the teacher wrote them (role teacher, the cycle's teacher), the others are named by
    /// role. The sharing record (who set it, the consent note), the review trail (reviewers,
    /// comments), cut warnings (they may name the coach's files) and fields of other tools are
    /// left out; the source and files are named relative to the packet.
    static func packetSidecar(_ sidecar: Sidecar, teacher: String, video: String, poster: String?) -> Sidecar {
        var shown = sidecar
        shown.unknownFields = [:]
        shown.source.path = URL(fileURLWithPath: sidecar.source.path).lastPathComponent
        shown.source.unknownFields = [:]
        if var clip = shown.clip {
            clip.file = video
            clip.poster = poster
            clip.warnings = []
            clip.unknownFields = [:]
            clip.streams = clip.streams.map { stream in
                var kept = stream
                kept.unknownFields = [:]
                return kept
            }
            shown.clip = clip
        }
        shown.segments = sidecar.segments?.map { Sidecar.Segment(number: $0.number, start: $0.start, end: $0.end) }
        shown.context.unknownFields = [:]
        shown.codebook?.unknownFields = [:]
        shown.annotations = sidecar.annotations.map { annotation in
            var kept = annotation
            kept.unknownFields = [:]
            if annotation.role == .teacher && PersonName.same(annotation.rater, teacher) {
                kept.evidence = annotation.evidence.map { Sidecar.Evidence(time: $0.time, comment: $0.comment) }
            } else {
                kept.rater = annotation.role.rawValue
                kept.note = nil
                kept.evidence = annotation.evidence.map { Sidecar.Evidence(time: $0.time) }
            }
            return kept
        }
        return shown
    }

    /// The cycle as the packet shows it: file locations relative to the packet (the coach's
    /// folders stay on the coach's machine), the lesson by file name.
    static func packetCycle(_ cycle: CoachingCycle, clips: [CyclePacketDocument.Clip]) -> CoachingCycle {
        var shown = cycle
        func files(_ number: Int) -> ClipFilePaths {
            let clip = clips.first { $0.number == number }
            return ClipFilePaths(media: clip?.video, poster: clip?.poster, sidecar: clip?.sidecar)
        }
        shown.lesson.path = URL(fileURLWithPath: cycle.lesson.path).lastPathComponent
        shown.clipFolder = nil
        for index in shown.teacherClips.indices { shown.teacherClips[index].files = files(shown.teacherClips[index].number) }
        shown.libraryClip?.files = files(LibraryClipChoice.number)
        return shown
    }

    /// Copies one clip's video (required), poster and, for the teacher's own clips, sidecar as
    /// `clips/clip-N.*`. A copied sidecar names its source video by file name only.
    private func copy(_ files: ClipFilePaths, number: Int, into folder: URL, withSidecar: Bool,
                      warnings: inout [String]) throws(CycleWorkflowError) -> CopiedFiles {
        guard let media = files.media else { throw .missingFile(path: "clip \(number)", what: "the clip's video") }
        guard FileManager.default.fileExists(atPath: media) else { throw .missingFile(path: media, what: "the video of clip \(number)") }
        let name = "clip-\(number)"
        // Browsers cannot play every clip (HEVC from phones, MPEG-2, Matroska...): the packet
        // gets its web rendition, made once beside the clip; the clip stays the record.
        var playable = media
        do throws(MediaError) {
            playable = try WebRendition.playable(for: media)
        } catch {
            warnings.append("\(media): no web rendition (\(error.message)); the packet holds the clip as it is")
        }
        let video = "\(name).\(Self.safeExtension(of: playable, otherwise: "mp4"))"
        try copyVideo(playable, to: folder.appendingPathComponent(video), number: number, mayGoAsItIs: withSidecar,
                      warnings: &warnings)
        var copied = CopiedFiles(video: "clips/\(video)")
        for (path, fallback, what) in [(files.poster, "jpg", "poster"), (withSidecar ? files.sidecar : nil, "json", "sidecar")] {
            guard let path else { continue }
            guard FileManager.default.fileExists(atPath: path) else {
                warnings.append("\(path): the \(what) of clip \(number) is missing; left out of the packet")
                continue
            }
            let file = "\(name).\(Self.safeExtension(of: path, otherwise: fallback))"
            if what == "sidecar" {
                guard try copySidecar(path, to: folder.appendingPathComponent(file), video: video,
                                      poster: copied.poster.map { URL(fileURLWithPath: $0).lastPathComponent }) else {
                    warnings.append("\(path): the sidecar of clip \(number) cannot be read; left out of the packet")
                    continue
                }
            } else {
                try copyFile(path, to: folder.appendingPathComponent(file))
            }
            if what == "poster" { copied.poster = "clips/\(file)" } else { copied.sidecar = "clips/\(file)" }
        }
        return copied
    }

    /// The file's extension if it is plain letters and digits (it goes into a URL), else `fallback`.
    static func safeExtension(of path: String, otherwise fallback: String) -> String {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        let plain = !ext.isEmpty && ext.count <= 8 && ext.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.alphanumerics.contains($0) }
        return plain ? ext : fallback
    }

    private func makeParent(_ parent: URL) throws(CycleWorkflowError) -> [String] {
        let made: [String]
        do throws(MadeFolders.Failure) { made = try MadeFolders.make(parent.path) } catch {
            throw .outputFolder(path: error.path, message: error.message)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .outputFolder(path: parent.path, message: "is a file, not a folder")
        }
        guard FileManager.default.isWritableFile(atPath: parent.path) else {
            MadeFolders.removeIfEmpty(made)
            throw .outputFolder(path: parent.path, message: "folder is not writable")
        }
        return made
    }

    private func make(_ folder: URL) throws(CycleWorkflowError) {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .write(path: folder.path, message: "cannot create: \(error.localizedDescription)")
        }
    }

    private func copyFile(_ source: String, to destination: URL) throws(CycleWorkflowError) {
        do { try FileManager.default.copyItem(atPath: source, toPath: destination.path) } catch {
            throw .write(path: destination.path, message: "cannot copy \(source): \(error.localizedDescription)")
        }
    }

    /// The teacher's clip sidecar as `packetSidecar` makes it.
    /// False (nothing written) when it is not a sidecar this version reads.
    private func copySidecar(_ source: String, to destination: URL, video: String, poster: String?) throws(CycleWorkflowError) -> Bool {
        guard let sidecar = try? SidecarStore.read(URL(fileURLWithPath: source)) else { return false }
        let shown = Self.packetSidecar(sidecar, teacher: cycle.teacher, video: video, poster: poster)
        let data: Data
        do { data = try SidecarStore.encode(shown) } catch {
            throw .write(path: destination.path, message: "cannot encode the sidecar: \(error)")
        }
        try write(data, to: destination)
        return true
    }

    /// The clip's video without its container and stream tags (title, comment, artist, encoder,
    /// handler names: they may name people or the coach's machine), stream-copied through the
    /// cutter; another classroom's clip also without its subtitle tracks. A teacher's own clip the copy cannot write in its container goes as it is, with a
    /// warning (`mayGoAsItIs`); another classroom's media file never does: the export stops.
    private func copyVideo(_ source: String, to destination: URL, number: Int, mayGoAsItIs: Bool,
                           warnings: inout [String]) throws(CycleWorkflowError) {
        var options = CutOptions()
        options.dropMetadata = true
        // Another classroom's captions stay out; a teacher's own clip keeps hers.
        options.dropSubtitles = !mayGoAsItIs
        // A file FFmpeg cannot read as media has no tags it could find or drop: it goes as it is
        // (as the web rendition leaves it).
        guard let file = try? MediaFile(path: source) else {
            try copyFile(source, to: destination)
            return
        }
        do throws(MediaError) {
            guard let container = Self.container(forExtension: destination.pathExtension) else {
                throw MediaError(.unsupported, path: source, message: "no container for .\(destination.pathExtension)")
            }
            _ = try ClipCutter(file: file).copyWhole(to: destination.path, container: container, options: options)
        } catch {
            try? FileManager.default.removeItem(at: destination)
            guard mayGoAsItIs else {
                throw .write(path: destination.path, message: "the library clip's video could not be copied without its tags "
                             + "(\(error.message)); pick another library clip with `cycle pick`")
            }
            warnings.append("\(source): the video of clip \(number) could not be copied without its tags (\(error.message)); "
                            + "the packet holds it as it is")
            try copyFile(source, to: destination)
        }
    }

    /// The muxer for a packet video's extension.
    static func container(forExtension ext: String) -> String? {
        switch ext.lowercased() {
        case "mp4", "m4v": "mp4"
        case "mov": "mov"
        case "webm": "webm"
        case "mkv": "matroska"
        default: nil
        }
    }

    private func write(_ data: Data, to url: URL) throws(CycleWorkflowError) {
        do { try data.write(to: url) } catch {
            throw .write(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    private func encode(_ document: CyclePacketDocument) throws(CycleWorkflowError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(document) + Data("\n".utf8) } catch {
            throw .write(path: "cycle.json", message: "cannot encode: \(error)")
        }
    }

    /// Renames the finished packet into place; with `force`, the old folder is moved
    /// aside first so that at every moment the target is a whole packet or absent.
    private func moveIntoPlace(_ staging: URL, _ target: URL) throws(CycleWorkflowError) {
        var aside: URL?
        if FileManager.default.fileExists(atPath: target.path) {
            let old = target.deletingLastPathComponent()
                .appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString.prefix(8))")
            guard rename(target.path, old.path) == 0 else {
                throw .write(path: target.path, message: "cannot move the old packet aside: \(String(cString: strerror(errno)))")
            }
            aside = old
        }
        guard rename(staging.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let aside { _ = rename(aside.path, target.path) }
            throw .write(path: target.path, message: "cannot move the packet into place: \(reason)")
        }
        if let aside { try? FileManager.default.removeItem(at: aside) }
    }
}
