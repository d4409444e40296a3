import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Several raters' processes saving one sidecar at the same moment: every save lands.
@Suite struct AnnotateConcurrencyCLITests {
    @Test(.timeLimit(.minutes(5)))
    func eightProcessesAddingTwentyFiveEachAllLand() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let folder = url.deletingLastPathComponent()
        let initial = try SidecarStore.read(url).revision
        let go = folder.appendingPathComponent("go")
        // Each worker waits for the go file, so all eight start their loops together.
        let script = """
        while [ ! -e "$GO" ]; do sleep 0.01; done
        for i in $(seq 1 25); do
          "$BIN" annotate "$SIDECAR" --code richness.explanations --score mid --rater "rater-$WORKER" --note "$i" >/dev/null \
            || { echo "worker $WORKER save $i failed" >&2; exit 1; }
        done
        """
        var workers: [Process] = []
        for worker in 0..<8 {
            workers.append(try SidecarCLIFixtures.startBash(
                script, environment: ["GO": go.path, "BIN": clipcoachBinary, "SIDECAR": url.path, "WORKER": "\(worker)"],
                folder: folder, name: "worker-\(worker)"))
        }
        _ = FileManager.default.createFile(atPath: go.path, contents: nil)
        for (worker, process) in workers.enumerated() {
            process.waitUntilExit()
            let errors = (try? String(contentsOf: folder.appendingPathComponent("worker-\(worker).err"), encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "worker \(worker): \(errors)")
        }

        let sidecar = try SidecarStore.read(url)
        #expect(sidecar.annotations.count == 200)
        #expect(sidecar.revision == initial + 200)
        #expect(Set(sidecar.annotations.map(\.id)).count == 200)
        for worker in 0..<8 {
            // Each worker's saves are sequential, so its notes appear in order.
            let notes = sidecar.annotations.filter { $0.rater == "rater-\(worker)" }.compactMap(\.note)
            #expect(notes == (1...25).map { "\($0)" }, "rater-\(worker)")
        }
        let validate = try clipcoach("validate", url.path)
        #expect(validate.status == 0, "\(validate.stderr)")
        try SidecarCLIFixtures.expectSchemaValid([url.path])
        #expect(try SidecarCLIFixtures.temporaries(beside: url).isEmpty)
    }
}
