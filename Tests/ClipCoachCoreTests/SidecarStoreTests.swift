import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct SidecarStoreTests {
    @Test func createRefusesAnExistingFileUnlessOverwriting() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        let before = try SidecarFixtures.bytes(url)
        let error = try #require(throws: SidecarError.self) {
            try SidecarStore.create(SidecarFixtures.clip(id: "other"), at: url, overwrite: false)
        }
        #expect(error.kind == .exists)
        #expect(error.description == "\(url.path): already exists (not overwritten)")
        #expect(try SidecarFixtures.bytes(url) == before)
        try SidecarStore.create(SidecarFixtures.clip(id: "other"), at: url, overwrite: true)
        #expect(try SidecarStore.read(url).id == "other")
    }

    @Test func createIntoAMissingFolderIsCannotCreate() throws {
        let url = URL(fileURLWithPath: "/nonexistent-folder/clip.json")
        let error = try #require(throws: SidecarError.self) { try SidecarStore.create(SidecarFixtures.clip(), at: url, overwrite: false) }
        #expect(error.kind == .cannotCreate)
    }

    @Test func revisionCountsEverySave() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        #expect(try SidecarStore.read(url).revision == 1)
        for index in 1...5 {
            let saved = try SidecarFixtures.add(SidecarFixtures.annotation("richness.language", "low"), to: url)
            #expect(saved.revision == 1 + index)
            #expect(try SidecarStore.read(url).revision == 1 + index)
        }
    }

    @Test func invalidJSONIsNeverOverwritten() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        let broken = Data("{\"schema\": \"clipcoach.sidecar\", \"annotations\": [".utf8)
        try broken.write(to: url)
        let error = try #require(throws: SidecarError.self) {
            try SidecarFixtures.add(SidecarFixtures.annotation("richness.language", "low"), to: url)
        }
        #expect(error.kind == .invalidJSON)
        #expect(error.description == "\(url.path): not valid JSON")
        #expect(try SidecarFixtures.bytes(url) == broken)
    }

    @Test(arguments: [
        ("revision", "\"seven\"", "revision: expected a whole number"),
        ("kind", "\"poster\"", "kind: 'poster' is not a sidecar kind (clip, lesson)"),
        ("schemaVersion", "2", "schemaVersion: 2 is newer than this ClipCoach writes (1); update ClipCoach"),
        ("clip", "null", "clip: missing (a clip sidecar describes its clip)"),
    ])
    func invalidSidecarIsNeverOverwritten(field: String, value: String, expected: String) throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        var object = try SidecarFixtures.object(url)
        object[field] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        let bytes = try JSONSerialization.data(withJSONObject: object)
        try bytes.write(to: url)
        let error = try #require(throws: SidecarError.self) {
            try SidecarFixtures.add(SidecarFixtures.annotation("richness.language", "low"), to: url)
        }
        #expect(error.description == "\(url.path): \(expected)")
        #expect(try SidecarFixtures.bytes(url) == bytes)
    }

    @Test func unknownCodeAlreadyInTheFileIsNeverOverwritten() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        try SidecarFixtures.add(SidecarFixtures.annotation("richness.language", "low"), to: url)
        var object = try SidecarFixtures.object(url)
        var annotations = object["annotations"] as? [[String: Any]] ?? []
        annotations[0]["score"] = "superb"
        object["annotations"] = annotations
        let bytes = try JSONSerialization.data(withJSONObject: object)
        try bytes.write(to: url)
        let error = try #require(throws: SidecarError.self) {
            try SidecarStore.update(at: url, codebook: Codebook.mqi) { sidecar throws(SidecarError) in sidecar.context.grade = "4" }
        }
        #expect(error.description == "\(url.path): annotations[0].score: 'superb' is not a score point of richness.language (not-present, low, mid, high)")
        #expect(try SidecarFixtures.bytes(url) == bytes)
    }

    @Test func missingAndReadOnlySidecars() throws {
        let folder = try Fixtures.temporaryFolder("store")
        let missing = folder.appendingPathComponent("none.json")
        let error = try #require(throws: SidecarError.self) { try SidecarStore.read(missing) }
        #expect(error.kind == .notFound)
        let updateError = try #require(throws: SidecarError.self) {
            try SidecarFixtures.add(SidecarFixtures.annotation("richness.language", "low"), to: missing)
        }
        #expect(updateError.kind == .notFound)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasSuffix(".lock") })

        guard getuid() != 0 else { return }  // root writes anything; the read-only check is for people
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: url.path)
        let readOnly = try #require(throws: SidecarError.self) {
            try SidecarFixtures.add(SidecarFixtures.annotation("richness.language", "low"), to: url)
        }
        #expect(readOnly.kind == .cannotCreate)
    }

    @Test func staleTemporariesFromAKilledWriterAreRemovedByTheNextSave() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        let stale = url.deletingLastPathComponent().appendingPathComponent(".clip-01.json.tmp-99999-12345")
        try Data("{ torn".utf8).write(to: stale)
        try SidecarFixtures.add(SidecarFixtures.annotation("richness.language", "low"), to: url)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        let names = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path).sorted()
        #expect(names == ["clip-01.json"], "no lock file or temporary left beside the clip")
    }

    @Test func savesKeepTheFilesPermissions() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: url.path)
        try SidecarFixtures.add(SidecarFixtures.annotation("richness.language", "low"), to: url)
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o664)
    }

    /// Threads of one process take the same lock file through separate descriptors, so they
    /// exclude each other like processes do (the process-level test is in CLITests).
    @Test func concurrentUpdatesAllLand() async throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        let mqi = try Codebook.mqi
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<25 {
                        let annotation = Sidecar.Annotation(code: "richness.explanations", score: "mid",
                                                            rater: "rater-\(worker)", note: "\(index)")
                        try SidecarStore.update(at: url, codebook: mqi) { sidecar throws(SidecarError) in
                            try sidecar.add(annotation, codebook: mqi)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let read = try SidecarStore.read(url)
        #expect(read.annotations.count == 200)
        #expect(read.revision == 201)
        #expect(Set(read.annotations.map(\.id)).count == 200)
        for worker in 0..<8 {
            #expect(read.annotations.filter { $0.rater == "rater-\(worker)" }.map { $0.note ?? "" } == (0..<25).map { "\($0)" })
        }
    }
}
