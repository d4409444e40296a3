import Foundation
import Testing
import TestSupport

/// Opens a cycle packet's index.html in headless Chromium (Debian's `chromium`), from the
/// file system with no server: the page must hold three <video> elements whose sources
/// exist relative to it, and a screenshot is taken (kept at $TMPDIR/clipcoach-cycle-packet.png).
enum CyclePacketBrowserCheck {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let screenshot = FileManager.default.temporaryDirectory.appendingPathComponent("clipcoach-cycle-packet.png")

    static func check(_ packet: URL) throws {
        guard let chromium else {
            Issue.record("chromium is not installed: the packet was not checked in a browser")
            return
        }
        let page = packet.appendingPathComponent("index.html")
        let profile = try Fixtures.temporaryFolder("cycle-chromium")
        defer { try? FileManager.default.removeItem(at: profile) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)", "--window-size=1200,900"]

        let dump = try run(chromium, common + ["--dump-dom", page.absoluteString], timeout: 120)
        #expect(dump.status == 0, "chromium --dump-dom: \(dump.stderr)")
        let sources = videoSources(in: dump.stdout)
        #expect(sources.count == 3, "video elements in the page: \(sources)")
        for source in sources {
            let file = packet.appendingPathComponent(source.removingPercentEncoding ?? source).standardizedFileURL
            #expect(!source.contains(":") && !source.hasPrefix("/"), "\(source) is not relative")
            #expect(FileManager.default.fileExists(atPath: file.path), "\(source) does not resolve beside the page")
        }

        try? FileManager.default.removeItem(at: screenshot)
        let shot = try run(chromium, common + ["--hide-scrollbars", "--screenshot=\(screenshot.path)", page.absoluteString],
                           timeout: 120)
        #expect(shot.status == 0, "chromium --screenshot: \(shot.stderr)")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot \(screenshot.path) is missing or empty")
    }

    /// The `src` of every <video> element in serialized HTML.
    static func videoSources(in html: String) -> [String] {
        var sources: [String] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<video") {
            let tagEnd = rest[open.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            let tag = rest[open.upperBound..<tagEnd]
            if let src = tag.range(of: "src=\"") {
                let value = tag[src.upperBound...].prefix { $0 != "\"" }
                sources.append(String(value))
            }
            rest = rest[tagEnd...]
        }
        return sources
    }
}
