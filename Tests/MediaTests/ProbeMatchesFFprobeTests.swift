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
