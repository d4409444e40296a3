import Foundation
import Testing
import TestSupport

/// Scripts/package-deb.sh makes a .deb that installs with `dpkg -i`, runs from /usr/bin,
/// and removes cleanly. Packs the binary under test (debug in CI, to stay quick), so this
/// needs root and dpkg; it leaves an existing clipcoach package alone.
@Suite(.serialized) struct DebianPackageCLITests {
    static var canInstall: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-deb")
            && (try? run("dpkg", ["-s", "clipcoach"]))?.status != 0
    }

    /// dpkg waits for nobody: retry a few times while another apt/dpkg holds the lock.
    static func dpkg(_ arguments: [String]) throws -> RunResult {
        var result = try run("dpkg", arguments, timeout: 120)
        var tries = 1
        while result.status != 0, result.stderr.contains("lock"), tries < 20 {
            Thread.sleep(forTimeInterval: 3)
            result = try run("dpkg", arguments, timeout: 120)
            tries += 1
        }
        return result
    }

    @Test(.enabled(if: canInstall, "needs root, dpkg-deb, and no clipcoach package installed"))
    func packageInstallsRunsAndRemoves() throws {
        let out = try Fixtures.temporaryFolder("clipcoach-deb")
        defer { try? FileManager.default.removeItem(at: out) }
        let script = Fixtures.root.appendingPathComponent("Scripts/package-deb.sh").path
        let made = try run("/bin/bash", [script, "--binary", clipcoachBinary, "--out", out.path, "--fast"], timeout: 120)
        #expect(made.status == 0, "package-deb.sh: \(made.stderr)")
        let deb = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deb.hasSuffix(".deb"))

        let fields = try run("dpkg-deb", ["--field", deb, "Package", "Depends"])
        #expect(fields.stdout.contains("Package: clipcoach"))
        for library in ["libavformat", "libavcodec", "libavutil", "libswscale"] {
            #expect(fields.stdout.contains(library), "Depends names \(library): \(fields.stdout)")
        }

        let install = try Self.dpkg(["-i", deb])
        defer { _ = try? Self.dpkg(["-r", "clipcoach"]) }
        #expect(install.status == 0, "dpkg -i: \(install.stderr)")
        let codebook = try run("/usr/bin/clipcoach", ["codebook"], currentDirectory: out)
        #expect(codebook.status == 0, "installed clipcoach: \(codebook.stderr)")
        #expect(codebook.stdout.contains("richness"))

        let remove = try Self.dpkg(["-r", "clipcoach"])
        #expect(remove.status == 0, "dpkg -r: \(remove.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/usr/bin/clipcoach"))
        #expect(!FileManager.default.fileExists(atPath: "/usr/share/doc/clipcoach"))
        let status = try run("dpkg", ["-s", "clipcoach"])
        #expect(status.status != 0 || !status.stdout.contains("Status: install ok installed"))
    }

    @Test func installScriptPutsTheBinaryUnderThePrefix() throws {
        let prefix = try Fixtures.temporaryFolder("clipcoach-prefix")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let script = Fixtures.root.appendingPathComponent("Scripts/install.sh").path
        let result = try run("/bin/bash", [script, "--prefix", prefix.appendingPathComponent("opt").path,
                                           "--binary", clipcoachBinary], timeout: 60)
        #expect(result.status == 0, "install.sh: \(result.stderr)")
        let installed = prefix.appendingPathComponent("opt/bin/clipcoach").path
        let version = try run(installed, ["--version"])
        #expect(version.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix.appendingPathComponent("opt/bin").path)
                    == ["clipcoach"], "no temporary copy left behind")
        let bad = try run("/bin/bash", [script, "--prefixx", "/tmp"])
        #expect(bad.status == 64)
    }
}
