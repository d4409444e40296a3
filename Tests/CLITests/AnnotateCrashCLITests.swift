import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// A saving process killed with SIGKILL at many moments leaves the old or the new sidecar,
/// whole and valid, never a torn one.
@Suite struct AnnotateCrashCLITests {
    /// A big sidecar (thousands of annotations), so that writing and fsyncing it takes long
    /// enough for kills to land inside a save.
    static func bigSidecar() throws -> URL {
        let annotations = (0..<1500).map { index in
            Sidecar.Annotation(code: "richness.explanations", score: ["not-present", "low", "mid", "high"][index % 4],
                               rater: "rater-\(index % 7)", note: String(repeating: "evidence of reasoning ", count: 3),
                               evidence: [Sidecar.Evidence(time: Double(index % 60), comment: "moment \(index)")])
        }
        return try SidecarCLIFixtures.clipSidecar(annotations: annotations)
    }

    @Test(.timeLimit(.minutes(5)))
    func killedSavesLeaveTheOldOrTheNewFile() throws {
        let url = try Self.bigSidecar()
        let mqi = try Codebook.mqi
        let arguments = ["annotate", url.path, "--code", "wwsm.remediation", "--score", "low", "--rater", "crash"]

        // How long one whole save takes here; kills are spread over that span.
        let started = Date()
        let normal = try clipcoach(arguments: arguments)
        #expect(normal.status == 0, "\(normal.stderr)")
        let span = Date().timeIntervalSince(started)

        var previous = try SidecarStore.read(url)
        var killedMidSave = 0
        let kills = 20
        for attempt in 0..<kills {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: clipcoachBinary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if attempt % 2 == 0 {
                // At a moment spread from early (still starting) to late (renaming, or done).
                usleep(useconds_t(span * 1_000_000 * (0.2 + 1.0 * Double(attempt) / Double(kills))))
            } else {
                // The moment the temporary file appears: the save is being written, flushed or renamed.
                let deadline = Date().addingTimeInterval(span * 3)
                while process.isRunning, Date() < deadline, (try SidecarCLIFixtures.temporaries(beside: url)).isEmpty {}
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if !(try SidecarCLIFixtures.temporaries(beside: url)).isEmpty { killedMidSave += 1 }

            // Whole and valid: it parses, passes every check, and is the old or the new revision.
            let now = try SidecarStore.read(url)
            #expect(now.problems(codebook: mqi, path: url.path).isEmpty)
            #expect(now.revision == previous.revision || now.revision == previous.revision + 1, "attempt \(attempt)")
            #expect(now.annotations.count == previous.annotations.count + (now.revision - previous.revision))
            previous = now
        }
        // Kills that left a temporary file caught a save in the act; without any, this test proved little.
        print("crash test: \(killedMidSave) of \(kills) kills left a temporary file behind")
        #expect(killedMidSave > 0, "no kill landed inside a save")

        // The next save cleans up what killed writers left and works normally.
        let after = try clipcoach(arguments: arguments)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try SidecarCLIFixtures.temporaries(beside: url).isEmpty)
        #expect(try SidecarStore.read(url).revision == previous.revision + 1)
        let validate = try clipcoach("validate", url.path)
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    /// The same from a shell loop of saves, killed as a whole process group.
    @Test(.timeLimit(.minutes(5)))
    func aKilledLoopOfSavesLeavesAValidFile() throws {
        let url = try Self.bigSidecar()
        let folder = url.deletingLastPathComponent()
        let mqi = try Codebook.mqi
        let before = try SidecarStore.read(url).revision
        for round in 0..<4 {
            // setsid: the loop and its clipcoach child share a new process group, killed together.
            let loop = try SidecarCLIFixtures.startBash(
                """
                exec setsid bash -c 'echo $$ > "$PGID_FILE"; while true; do "$BIN" annotate "$SIDECAR" --code richness.language --score mid --rater loop >/dev/null; done'
                """,
                environment: ["BIN": clipcoachBinary, "SIDECAR": url.path, "PGID_FILE": folder.appendingPathComponent("pgid").path],
                folder: folder, name: "loop-\(round)")
            usleep(useconds_t(700_000 + 450_000 * round))
            let text = (try? String(contentsOf: folder.appendingPathComponent("pgid"), encoding: .utf8)) ?? ""
            let group = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), "no process group id")
            kill(-group, SIGKILL)
            loop.waitUntilExit()
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("pgid"))
            let now = try SidecarStore.read(url)
            #expect(now.problems(codebook: mqi, path: url.path).isEmpty)
            #expect(now.annotations.count == 1500 + (now.revision - before))
        }
        #expect(try SidecarStore.read(url).revision > before, "the loop never saved: nothing was tested")
    }
}
