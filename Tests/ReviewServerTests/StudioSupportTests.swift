import Foundation
import Hummingbird
@testable import ReviewServer
import Testing
import TestSupport

/// The studio's small parts that the browser tests only reach through the page.
struct StudioSupportTests {
    @Test func uploadsMaySendOctetStreamButNotWhatACrossSiteFormCanSend() {
        let authority = "127.0.0.1:8080"
        #expect(BrowserGuard.refusal(method: .post, authority: authority, origin: "http://127.0.0.1:8080",
                                               contentType: "application/octet-stream", loopbackOnly: true) == nil)
        for formType in ["text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"] {
            #expect(BrowserGuard.refusal(method: .post, authority: authority, origin: nil,
                                                   contentType: formType, loopbackOnly: true)?.status == .unsupportedMediaType)
        }
        #expect(BrowserGuard.refusal(method: .post, authority: authority, origin: "http://evil.example",
                                               contentType: "application/octet-stream", loopbackOnly: true)?.status == .forbidden)
    }

    @Test func uploadSizesReadAsPeopleWriteThem() {
        #expect(StudioConfiguration.parseSize("8G") == 8 << 30)
        #expect(StudioConfiguration.parseSize("300M") == 300 << 20)
        #expect(StudioConfiguration.parseSize("1.5GiB") == 3 << 29)
        #expect(StudioConfiguration.parseSize("4096") == 4096)
        #expect(StudioConfiguration.parseSize("0") == nil)
        #expect(StudioConfiguration.parseSize("lots") == nil)
    }

    @Test func theCRCIsZipsCRC() {
        var crc = CRC32()
        crc.update(Data("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
    }

    @Test func aStoredZipOpensInPythonsZipfile() throws {
        let folder = try Fixtures.temporaryFolder("stored-zip")
        let packet = folder.appendingPathComponent("packet")
        try FileManager.default.createDirectory(at: packet.appendingPathComponent("clips"), withIntermediateDirectories: true)
        try Data("<!doctype html>".utf8).write(to: packet.appendingPathComponent("index.html"))
        try Data((0..<300_000).map { UInt8($0 % 251) }).write(to: packet.appendingPathComponent("clips/clip-1.mp4"))
        let zip = folder.appendingPathComponent("packet.zip")
        try StoredZip.write(folder: packet, into: "cycle-1", to: zip)
        let check = try run("python3", ["-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
            print(sorted(z.namelist()), len(z.read('cycle-1/clips/clip-1.mp4')))
            """, zip.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            == "['cycle-1/clips/clip-1.mp4', 'cycle-1/index.html'] 300000")
    }
}
