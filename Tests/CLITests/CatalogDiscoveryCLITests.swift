import Foundation
import Testing
import TestSupport

/// With no --catalog, commands use $CLIPCOACH_CATALOG, else the nearest library.sqlite in
/// the current folder or a parent, as git finds .git.
@Suite struct CatalogDiscoveryCLITests {
    @Test func theNearestCatalogAboveIsFound() throws {
        let library = try Fixtures.temporaryFolder("clipcoach-discovery")
        defer { try? FileManager.default.removeItem(at: library) }
        let catalog = library.appendingPathComponent("library.sqlite")
        let made = try clipcoach("library", "ingest", library.path, "--catalog", catalog.path)
        #expect(made.status == 0, "\(made.stderr)")
        let deep = library.appendingPathComponent("teachers/rivera/week-2")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)

        let below = try run(clipcoachBinary, ["library", "stats", "--json"], environment: [:], currentDirectory: deep)
        #expect(below.status == 0, "\(below.stderr)")
        #expect(below.stdout.contains(catalog.path), "found the catalog above: \(below.stdout.prefix(300))")
        let cycles = try run(clipcoachBinary, ["cycle", "list"], environment: [:], currentDirectory: deep)
        #expect(cycles.status == 0, "\(cycles.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: deep.path) == [], "nothing made below")

        let elsewhere = try Fixtures.temporaryFolder("clipcoach-discovery-env")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let named = try run(clipcoachBinary, ["library", "stats", "--json"],
                            environment: ["CLIPCOACH_CATALOG": catalog.path], currentDirectory: elsewhere)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains(catalog.path))
    }
}
