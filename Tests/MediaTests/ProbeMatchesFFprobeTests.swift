import Foundation
import Media
import Testing
import TestSupport

/// probe and the keyframe index against ffprobe, the reference reading, on every known file.
@Suite("probe matches ffprobe")
struct ProbeMatchesFFprobeTests {
    @Test("container and streams", arguments: Fixtures.allMedia)
    func streams(path: String) throws {
        let info = try MediaFile(path: path).info()
        let reference = try FFprobe.report(path)

        if let expected = reference.duration {
            let duration = try #require(info.duration, "\(path): ffprobe has a duration, probe none")
            #expect(abs(duration - expected) <= 0.010, "\(path): duration \(duration) vs ffprobe \(expected)")
        }
        #expect(info.streams.count == reference.streams.count, "\(path): stream count")
        for stream in info.streams {
            let ref = try #require(reference.stream(stream.index), "\(path): ffprobe lacks stream \(stream.index)")
            #expect(stream.kind.rawValue == ref["codec_type"] as? String, "\(path) #\(stream.index): kind")
            #expect(stream.codec == ref["codec_name"] as? String ?? "unknown", "\(path) #\(stream.index): codec")
            switch stream.kind {
            case .video:
                #expect(stream.width == ref["width"] as? Int, "\(path) #\(stream.index): width")
                #expect(stream.height == ref["height"] as? Int, "\(path) #\(stream.index): height")
                #expect(stream.rotation == FFprobe.clockwiseRotation(ref), "\(path) #\(stream.index): rotation")
                if let sar = ref["sample_aspect_ratio"] as? String, sar != "0:1" {
                    #expect(stream.sampleAspectRatio == sar, "\(path) #\(stream.index): SAR")
                }
            case .audio:
                #expect(stream.sampleRate == (ref["sample_rate"] as? String).flatMap(Int.init), "\(path) #\(stream.index): rate")
                #expect(stream.channels == ref["channels"] as? Int, "\(path) #\(stream.index): channels")
            default:
                break
            }
        }
    }

    @Test("keyframe times", arguments: Fixtures.allMedia)
    func keyframes(path: String) throws {
        let file = try MediaFile(path: path)
        guard file.mainVideoStreamIndex != nil else {
            #expect(throws: MediaError.self) { try file.keyframes() }
            return
        }
        let index = try file.keyframes()
        let expected = try FFprobe.keyframeTimes(path)
        #expect(index.times.count == expected.count,
                "\(path): \(index.times.count) keyframes (\(index.source)) vs ffprobe \(expected.count)")
        for (mine, theirs) in zip(index.times, expected) {
            #expect(abs(mine - theirs) <= 0.001, "\(path): keyframe \(mine) vs ffprobe \(theirs)")
        }
    }
}

/// MP4 keyframe times come from the ctts box, checked by reading a few packets; a
/// table that is not there, or that FFmpeg reads differently, must fall back to
/// reading every keyframe. Either way the times equal ffprobe's.
@Suite("keyframes from the MP4 composition table")
struct CompositionTableKeyframeTests {
    /// lesson.mp4 (which has B-frames, so a ctts box) with its ctts box changed by `change`,
    /// given the bytes and the offset of the box's type field.
    static func lessonWithCompositionTable(_ name: String, folder: URL,
                                           change: (inout Data, Int) throws -> Void) throws -> String {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sample("lesson.mp4")))
        let tag = try #require(bytes.range(of: Data("ctts".utf8)), "lesson.mp4 has a ctts box")
        try change(&bytes, tag.lowerBound)
        let path = folder.appendingPathComponent(name).path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func expectKeyframesMatchFFprobe(_ path: String) throws {
        let index = try MediaFile(path: path).keyframes()
        let expected = try FFprobe.keyframeTimes(path)
        #expect(index.source == .index)
        #expect(index.times.count == expected.count, "\(index.times.count) keyframes vs ffprobe \(expected.count)")
        for (mine, theirs) in zip(index.times, expected) {
            #expect(abs(mine - theirs) <= 0.001, "keyframe \(mine) vs ffprobe \(theirs)")
        }
    }

    @Test("no ctts box: every keyframe is read")
    func missingTable() throws {
        let folder = try Fixtures.temporaryFolder("ctts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.lessonWithCompositionTable("no-ctts.mp4", folder: folder) { bytes, type in
            bytes.replaceSubrange(type..<type + 4, with: Data("free".utf8))
        }
        try Self.expectKeyframesMatchFFprobe(path)
    }

    @Test("a ctts table FFmpeg rejects: the spot reads disagree and every keyframe is read")
    func rejectedTable() throws {
        let folder = try Fixtures.temporaryFolder("ctts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.lessonWithCompositionTable("rejected-ctts.mp4", folder: folder) { bytes, type in
            // After type: version+flags(4), entry count(4), then (sample count, offset) pairs.
            let countField = type + 8
            let entries = bytes[countField..<countField + 4].reduce(0) { $0 << 8 | Int($1) }
            for entry in 0..<entries {
                let field = countField + 4 + entry * 8 + 4
                // Entry 0 gets INT32_MIN, which makes FFmpeg drop the whole table (pts = dts);
                // the others a growing offset, so the table's keyframe times drift from FFmpeg's.
                let offset: UInt32 = entry == 0 ? 0x8000_0000 : UInt32(entry * 512)
                bytes.replaceSubrange(field..<field + 4,
                                      with: [UInt8(offset >> 24), UInt8(offset >> 16 & 0xFF),
                                             UInt8(offset >> 8 & 0xFF), UInt8(offset & 0xFF)])
            }
        }
        try Self.expectKeyframesMatchFFprobe(path)
    }
}
