import ClipCoachCore
import Testing

@Suite struct TimecodeTests {
    @Test(arguments: [
        ("90", 90.0), ("90.5", 90.5), ("1:30", 90.0), ("01:30.250", 90.25), ("1:01:30.250", 3690.25),
        ("00:00:00.001", 0.001), ("0", 0.0), (" 12.3456 ", 12.346),
    ])
    func parses(text: String, seconds: Double) throws {
        #expect(try Timecode.parse(text) == seconds)
    }

    @Test(arguments: ["", "abc", "1:2:3:4", "1:75", "-5", "1.2.3", "1:60:00", ":", "1e3", "٣"])
    func rejects(text: String) {
        #expect(throws: Timecode.ParseError.self) { try Timecode.parse(text) }
    }

    @Test(arguments: [("7.5m", 450.0), ("90s", 90.0), ("1h", 3600.0), ("450", 450.0), ("2:00", 120.0), ("250ms", 0.25)])
    func parsesDurations(text: String, seconds: Double) throws {
        #expect(try Timecode.parseDuration(text) == seconds)
    }

    @Test func formats() {
        #expect(Timecode.format(90.25) == "01:30.250")
        #expect(Timecode.format(3690.0004) == "1:01:30.000")
        #expect(Timecode.format(0) == "00:00.000")
        // No time at all (a value from a file or a request) is shown, never a crash.
        for odd in [Double.nan, .infinity, -.infinity, -5, 1e300] {
            #expect(!Timecode.format(odd).isEmpty && !Timecode.clock(odd).isEmpty)
        }
        #expect(Timecode.format(.nan) == "00:00.000" && Timecode.clock(-3) == "0:00")
    }

    @Test func roundTripsMilliseconds() throws {
        for ms in stride(from: 0, through: 7_200_000, by: 12_347) {
            let seconds = Double(ms) / 1000
            #expect(try Timecode.parse(Timecode.format(seconds)) == seconds)
        }
    }
}
