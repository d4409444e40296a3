import Foundation
import Testing
import TestSupport

/// The built binary, end to end: JSON shape, exit codes, one-line errors.
@Suite("clipcoach probe")
struct ProbeCLITests {
    @Test func jsonForOneFileIsAnObjectWithStableFields() throws {
        let path = Fixtures.corpusFile("mb_video.mp4")
        let result = try clipcoach("probe", "--json", "--keyframes", path)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        for key in ["path", "container", "duration", "size", "bitRate", "hasLocation", "streams", "mainVideoStream", "keyframes", "keyframeSource"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let streams = try #require(object["streams"] as? [[String: Any]])
        let video = try #require(streams.first { $0["kind"] as? String == "video" })
        for key in ["index", "kind", "codec", "width", "height", "sampleAspectRatio", "displayWidth", "displayHeight",
                    "pixelFormat", "averageFrameRate", "nominalFrameRate", "variableFrameRate", "rotation"] {
            #expect(video[key] != nil, "video stream lacks \(key)")
        }
        let audio = try #require(streams.first { $0["kind"] as? String == "audio" })
        for key in ["sampleRate", "channels", "channelLayout"] { #expect(audio[key] != nil, "audio stream lacks \(key)") }
    }

    @Test func oneBadFileDoesNotStopTheOthers() throws {
        let good = Fixtures.corpusFile("mb_video.mp4")
        let result = try clipcoach("probe", "--json", good, "/nonexistent/lesson.mp4", good)
        #expect(result.status == 66)
        let array = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        #expect(array.count == 3)
        #expect(array[0]["container"] != nil)
        #expect((array[1]["error"] as? [String: Any])?["kind"] as? String == "cannotOpen")
        #expect(array[2]["container"] != nil)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func humanSummaryNamesTheStreams() throws {
        let result = try clipcoach("probe", Fixtures.corpusFile("mb_rotate-buck-bunny.mp4"))
        #expect(result.status == 0)
        #expect(result.stdout.contains("video h264"))
        #expect(result.stdout.contains("rotated 90"))
        #expect(result.stdout.contains("shown 1080x1920"))
    }

    @Test func audioOnlyProbesButHasNoKeyframes() throws {
        let result = try clipcoach("probe", "--json", "--keyframes", Fixtures.corpusFile("mb_beach-party.ogg"))
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(object["mainVideoStream"] == nil)
        #expect(object["keyframes"] == nil)
    }
}
