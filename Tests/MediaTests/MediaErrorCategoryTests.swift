import CMedia
import Failures
@testable import Media
import Testing

/// A CMedia status this version does not know is a bug to report (software), not damage.
@Suite struct MediaErrorCategoryTests {
    @Test func unknownStatusIsSoftware() {
        #expect(MediaError.kind(for: -999) == .software)
        #expect(MediaError(.software, path: "a.mp4", message: "x").category == .software)
    }

    @Test func decodeStatusIsDamagedData() {
        #expect(MediaError.kind(for: CM_E_DECODE.rawValue) == .damaged)
        #expect(MediaError(.damaged, path: "a.mp4", message: "x").category == .data)
        #expect(MediaError(.cannotOpen, path: "a.mp4", message: "x").category == .noInput)
        #expect(MediaError(.cannotOpen, path: "a.mp4", message: "x").subject == "a.mp4")
    }
}
