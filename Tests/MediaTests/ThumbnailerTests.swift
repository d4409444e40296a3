import Foundation
@testable import Media
import Testing
import TestSupport

/// Keyframe and interval thumbnails against ffprobe / ffmpeg as the reference readers.
@Suite("thumbnails")
struct ThumbnailerTests {
    static var videoFiles: [String] {
        Fixtures.allMedia.filter { !$0.hasSuffix(".ogg") }
    }

    private func thumbnails(_ path: String, _ settings: ThumbnailSettings = ThumbnailSettings())
        async throws -> (URL, ThumbnailIndex) {
        let folder = try Fixtures.temporaryFolder("thumbs").appendingPathComponent("out")
        let index = try await Thumbnailer(source: path, outputFolder: folder.path, settings: settings).run()
        return (folder, index)
    }

    @Test("one thumbnail per keyframe, each readable at the expected size", arguments: videoFiles)
    func keyframeThumbnails(path: String) async throws {
        let (folder, index) = try await thumbnails(path)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let keyframes = try MediaFile(path: path).keyframes().times
        let reference = try FFprobe.keyframeTimes(path)
        #expect(index.count == keyframes.count, "\(path): \(index.count) thumbnails, \(keyframes.count) keyframes")
        #expect(index.count == reference.count, "\(path): \(index.count) thumbnails, ffprobe \(reference.count) K packets")
        for (entry, time) in zip(index.thumbnails, reference) {
            #expect(abs(entry.time - time) <= 0.001, "\(path): thumbnail at \(entry.time), keyframe at \(time)")
        }
        let expected = try ThumbTestImages.expectedSize(path, width: 320)
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter(Thumbnailer.isThumbnailName)
        #expect(Set(onDisk) == Set(index.thumbnails.map(\.file)), "\(path): files and index differ")
        for entry in index.thumbnails {
            let size = try ThumbTestImages.size(folder.appendingPathComponent(entry.file).path)
            #expect(size.width == expected.width && size.height == expected.height,
                    "\(path) \(entry.file): \(size) expected \(expected)")
            #expect(entry.width == size.width && entry.height == size.height, "\(path) \(entry.file): index says \(entry.width)x\(entry.height)")
            #expect(entry.file == Thumbnailer.fileName(for: entry.time, format: .jpg))
        }
        #expect(ThumbTestImages.leftovers(in: folder).isEmpty)
    }

    @Test("pictures look like ffmpeg's (rotation, SAR, colours)", arguments: [
        "SampleMedia/lesson-rotated.mp4", "corpus/mb_rotate-buck-bunny.mp4", "corpus/mb_sar_2x1.mp4",
        "SampleMedia/lesson.mp4", "SampleMedia/lesson-vp9.mkv", "corpus/mb_video-h265.mp4",
    ])
    func matchesFFmpeg(name: String) async throws {
        let path = name.hasPrefix("corpus/") ? Fixtures.corpusFile(String(name.dropFirst(7))) : Fixtures.root.appendingPathComponent(name).path
        let (folder, index) = try await thumbnails(path)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        // The last keyframe: past any fade-in, and the one most likely to suffer from a wrong seek.
        let entry = try #require(index.thumbnails.last)
        let mine = try ThumbTestImages.rgb(folder.appendingPathComponent(entry.file).path)
        let theirs = try ThumbTestImages.ffmpegFrame(path, at: entry.time, width: mine.width, height: mine.height)
        // JPEG at quality 3 differs from raw pixels by a few levels; a wrong turn, stretch or frame by far more.
        let difference = mine.meanDifference(theirs)
        #expect(difference < 6, "\(name): mean difference \(difference) from ffmpeg's frame at \(entry.time)")
    }

    @Test func rotatedVideosGivePortraitThumbnails() async throws {
        for path in [Fixtures.sample("lesson-rotated.mp4"), Fixtures.corpusFile("mb_rotate-buck-bunny.mp4")] {
            let (folder, index) = try await thumbnails(path)
            defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
            let first = try #require(index.thumbnails.first)
            let size = try ThumbTestImages.size(folder.appendingPathComponent(first.file).path)
            #expect(size.height > size.width, "\(path): \(size) is not portrait")
        }
        // The sample turns clockwise: its top-left red patch ends up top-right.
        let (folder, index) = try await thumbnails(Fixtures.sample("lesson-rotated.mp4"))
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let image = try ThumbTestImages.rgb(folder.appendingPathComponent(try #require(index.thumbnails.last).file).path)
        expectColour(image.pixel(image.width - 32, 32), (255, 0, 0), "red patch after turning")
    }

    @Test func sampleAspectRatioGivesDisplayAspect() async throws {
        let path = Fixtures.corpusFile("mb_sar_2x1.mp4")
        let (folder, index) = try await thumbnails(path)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let entry = try #require(index.thumbnails.first)
        let size = try ThumbTestImages.size(folder.appendingPathComponent(entry.file).path)
        let report = try FFprobe.report(path)
        let video = try #require(report.streams.first { $0["codec_type"] as? String == "video" })
        let coded = Double(try #require(video["width"] as? Int)) / Double(try #require(video["height"] as? Int))
        let aspect = Double(size.width) / Double(size.height)
        #expect(abs(aspect - 2 * coded) < 0.05, "aspect \(aspect), display aspect \(2 * coded)")
    }

    @Test func knownColourPatchesAfterTheFade() async throws {
        let settings = ThumbnailSettings(every: .seconds(10), width: 320)
        let (folder, index) = try await thumbnails(Fixtures.sample("lesson.mp4"), settings)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let entry = try #require(index.thumbnails.first { $0.time >= 10 })
        let image = try ThumbTestImages.rgb(folder.appendingPathComponent(entry.file).path)
        #expect(image.width == 320 && image.height == 180)
        // Patch centres in coded 640x360 pixels, halved.
        expectColour(image.pixel(32, 32), (255, 0, 0), "red")
        expectColour(image.pixel(288, 32), (0, 255, 0), "green")
        expectColour(image.pixel(32, 148), (0, 0, 255), "blue")
        expectColour(image.pixel(288, 148), (255, 255, 255), "white")
    }

    @Test("--jobs 2 and 3 write the same bytes as --jobs 1", arguments: [
        "lesson.mp4", "lesson.ts", "lesson-vp9.mkv", "lesson-vfr.mp4",
    ])
    func jobsGiveIdenticalOutput(name: String) async throws {
        let path = Fixtures.sample(name)
        var outputs: [[String: Data]] = []
        for jobs in [1, 2, 3] {
            let (folder, _) = try await thumbnails(path, ThumbnailSettings(jobs: jobs))
            outputs.append(try ThumbTestImages.contents(of: folder))
            try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
        }
        #expect(outputs[0].count > 2)
        #expect(outputs[1] == outputs[0], "\(name): --jobs 2 differs")
        #expect(outputs[2] == outputs[0], "\(name): --jobs 3 differs")
    }

    @Test("one decoder thread (as ingest --jobs N gives each file) writes the same bytes as FFmpeg's choice")
    func decoderThreadsGiveIdenticalOutput() async throws {
        let path = Fixtures.sample("lesson.mp4")
        let (automatic, _) = try await thumbnails(path, ThumbnailSettings(width: 160))
        let (single, _) = try await thumbnails(path, ThumbnailSettings(width: 160, decoderThreads: 1))
        defer {
            try? FileManager.default.removeItem(at: automatic.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: single.deletingLastPathComponent())
        }
        let expected = try ThumbTestImages.contents(of: automatic)
        #expect(expected.count > 2)
        #expect(try ThumbTestImages.contents(of: single) == expected)
        #expect(throws: MediaError.self) {
            try ThumbnailSettings(decoderThreads: 65).validate(path: path)
        }
    }

    @Test func intervalJobsGiveIdenticalOutput() async throws {
        let path = Fixtures.sample("lesson.mp4")
        let settings = ThumbnailSettings(every: .seconds(7), width: 160)
        var two = settings
        two.jobs = 2
        let (one, _) = try await thumbnails(path, settings)
        let (other, _) = try await thumbnails(path, two)
        defer {
            try? FileManager.default.removeItem(at: one.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: other.deletingLastPathComponent())
        }
        #expect(try ThumbTestImages.contents(of: one) == ThumbTestImages.contents(of: other))
    }

    @Test func exactMarksTakeTheFirstFrameAtOrAfterEachMark() async throws {
        let path = Fixtures.sample("lesson-vfr.mp4")
        let (folder, index) = try await thumbnails(path, ThumbnailSettings(every: .seconds(1.3)))
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let frames = try frameTimes(path)
        for entry in index.thumbnails {
            let requested = try #require(entry.requested)
            let expected = frames.first { $0 >= requested - 1e-6 } ?? frames.last
            #expect(entry.time == expected.map { ($0 * 1_000_000).rounded() / 1_000_000 },
                    "mark \(requested): got \(entry.time), first frame at or after is \(expected ?? -1)")
        }
        #expect(index.count == 24) // 30 s / 1.3 s, none shared (5 fps parts still have a frame per mark)
    }

    @Test func fastMarksTakeTheKeyframeAtOrBeforeEachMark() async throws {
        let path = Fixtures.sample("lesson.ts")
        let (folder, index) = try await thumbnails(path, ThumbnailSettings(every: .seconds(3), exact: false))
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let keyframes = try FFprobe.keyframeTimes(path)
        let expected = Set((index.thumbnails.compactMap(\.requested)).map { mark in
            keyframes.last { $0 <= mark + 1e-6 } ?? keyframes[0]
        })
        #expect(Set(index.thumbnails.map(\.time)) == expected)
        #expect(index.count == expected.count, "a keyframe twice")
    }

    @Test func existingThumbnailsAreRefusedThenReplacedWithForce() async throws {
        let path = Fixtures.sample("lesson-noaudio.mp4")
        let (folder, first) = try await thumbnails(path)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let before = try ThumbTestImages.contents(of: folder)
        await #expect(throws: PictureJobError.self) {
            _ = try await Thumbnailer(source: path, outputFolder: folder.path, settings: ThumbnailSettings(every: .seconds(5))).run()
        }
        #expect(try ThumbTestImages.contents(of: folder) == before, "a refused run changed the folder")
        let replaced = try await Thumbnailer(source: path, outputFolder: folder.path,
                                             settings: ThumbnailSettings(every: .seconds(5), replaceExisting: true)).run()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(Set(names) == Set(replaced.thumbnails.map(\.file) + [Thumbnailer.indexFileName]),
                "old thumbnails left: \(Set(names).subtracting(replaced.thumbnails.map(\.file)))")
        #expect(first.count == 10 && replaced.count == 4)
    }

    @Test func cancelledRunLeavesNothing() async throws {
        let parent = try Fixtures.temporaryFolder("thumbs-cancel")
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out")
        let thumbnailer = Thumbnailer(source: Fixtures.sample("lesson.mp4"), outputFolder: folder.path,
                                      settings: ThumbnailSettings(width: 640, jobs: 2))
        // Cancelled from the progress callback, on a decoding thread: the test's own task
        // may not get a thread before the run ends (the decoders keep both cores busy).
        let canceller = Canceller()
        let task = Task { try await thumbnailer.run { done, _ in if done >= 3 { canceller.cancel() } } }
        canceller.set(task)
        let outcome = await task.result
        guard case .failure(let error) = outcome, case PictureJobError.media(let media) = error else {
            Issue.record("a cancelled run succeeded")
            return
        }
        #expect(media.kind == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: folder.path), "the folder made for the run is still there")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test func badSettingsAreRefusedBeforeAnythingIsWritten() async throws {
        let parent = try Fixtures.temporaryFolder("thumbs-bad")
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out").path
        for settings in [ThumbnailSettings(width: 0), ThumbnailSettings(jobs: 0), ThumbnailSettings(every: .seconds(0)),
                         ThumbnailSettings(every: .seconds(0.001))] {
            await #expect(throws: PictureJobError.self) {
                _ = try await Thumbnailer(source: Fixtures.sample("lesson.mp4"), outputFolder: folder, settings: settings).run()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test func pictureSizeCapStopsHostileSizes() throws {
        let file = try MediaFile(path: Fixtures.sample("lesson.mp4"))
        // 640x360 declared is above a 100,000-pixel cap: refused before any decoding.
        let declared = #expect(throws: MediaError.self) { try PictureReader(file: file, width: 160, maxPixels: 100_000) }
        #expect(declared?.kind == .limitExceeded)
        // So is a requested output beyond the cap.
        let output = #expect(throws: MediaError.self) { try PictureReader(file: file, width: 7680, maxPixels: 4_000_000) }
        #expect(output?.kind == .limitExceeded)

        // A stream that declares a small size and grows midway: refused where the decoder allocates.
        let folder = try Fixtures.temporaryFolder("thumb-cap")
        defer { try? FileManager.default.removeItem(at: folder) }
        var parts: [Data] = []
        for (name, size) in [("small", "320x240"), ("large", "1280x720")] {
            let path = folder.appendingPathComponent("\(name).ts").path
            let made = try run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=\(size):rate=25:duration=2",
                                          "-c:v", "libx264", "-g", "25", "-f", "mpegts", path])
            #expect(made.status == 0, "\(made.stderr)")
            parts.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let grown = folder.appendingPathComponent("grows.ts")
        try (parts[0] + parts[1]).write(to: grown)
        let reader = try PictureReader(file: MediaFile(path: grown.path), width: 160, maxPixels: 200_000)
        try reader.beginKeyframes()
        let midway = #expect(throws: MediaError.self) { while try reader.nextKeyframe() != nil {} }
        #expect(midway?.kind == .limitExceeded, "\(String(describing: midway))")
    }

    @Test func fileNamesCarryTheTime() {
        #expect(Thumbnailer.fileName(for: 123.456, format: .jpg) == "t000123.456.jpg")
        #expect(Thumbnailer.fileName(for: 0, format: .png) == "t000000.000.png")
        #expect(Thumbnailer.fileName(for: 2.0004999, format: .jpg) == "t000002.000.jpg")
        #expect(Thumbnailer.fileName(for: 1_234_567.5, format: .jpg) == "t1234567.500.jpg")
        #expect(Thumbnailer.isThumbnailName("t000123.456.jpg"))
        #expect(!Thumbnailer.isThumbnailName("index.json"))
        #expect(!Thumbnailer.isThumbnailName("teacher.jpg"))
    }

    @Test func keyframeRangesCoverTheVideoOnce() {
        let keyframes = [0.0, 2, 4, 6, 8]
        #expect(PicturePlan.split(keyframes: keyframes, into: 2) == [.keyframes(start: nil, end: 4), .keyframes(start: 4, end: nil)])
        #expect(PicturePlan.split(keyframes: keyframes, into: 9).count == 5)
        #expect(PicturePlan.split(keyframes: [1.5], into: 3) == [.keyframes(start: nil, end: nil)])
    }

    private func frameTimes(_ path: String) throws -> [Double] {
        let result = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time",
                                         "-of", "csv=p=0", path])
        // Lines may end in a comma (side data) or be blank.
        return result.stdout.split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: ", "))) }.sorted()
    }
}

/// Within 16 levels per channel: 4:2:0 chroma plus JPEG.
func expectColour(_ actual: (Int, Int, Int), _ expected: (Int, Int, Int), _ what: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let close = abs(actual.0 - expected.0) <= 16 && abs(actual.1 - expected.1) <= 16 && abs(actual.2 - expected.2) <= 16
    #expect(close, "\(what): \(actual), expected about \(expected)", sourceLocation: sourceLocation)
}

/// Cancels a task once it is known, from any thread.
final class Canceller: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<ThumbnailIndex, any Error>?
    private var wanted = false

    func set(_ task: Task<ThumbnailIndex, any Error>) {
        let cancelNow: Bool = lock.withLock { self.task = task; return wanted }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        let task: Task<ThumbnailIndex, any Error>? = lock.withLock { wanted = true; return self.task }
        task?.cancel()
    }
}
