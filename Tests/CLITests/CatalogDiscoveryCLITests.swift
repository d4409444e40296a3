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

    /// `--verbose` says which catalog is used and why.
    @Test func verboseSaysWhichCatalogAndWhy() throws {
        let library = try Fixtures.temporaryFolder("clipcoach-discovery-verbose")
        defer { try? FileManager.default.removeItem(at: library) }
        let catalog = library.appendingPathComponent("library.sqlite")
        #expect(try clipcoach("library", "ingest", library.path, "--catalog", catalog.path).status == 0)
        let deep = library.appendingPathComponent("week-2")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)

        let found = try run(clipcoachBinary, ["library", "stats", "--verbose"], environment: [:], currentDirectory: deep)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stderr.contains("catalog \(catalog.path) (the nearest library.sqlite, found in \(library.path))"), "\(found.stderr)")
        let cycles = try run(clipcoachBinary, ["cycle", "list", "--verbose"], environment: [:], currentDirectory: deep)
        #expect(cycles.stderr.contains("(the nearest library.sqlite, found in \(library.path))"), "\(cycles.stderr)")
        let quiet = try run(clipcoachBinary, ["library", "stats"], environment: [:], currentDirectory: deep)
        #expect(!quiet.stderr.contains("catalog"), "only with --verbose: \(quiet.stderr)")

        let named = try run(clipcoachBinary, ["library", "stats", "--verbose"],
                            environment: ["CLIPCOACH_CATALOG": catalog.path], currentDirectory: deep)
        #expect(named.stderr.contains("catalog \(catalog.path) (named by $CLIPCOACH_CATALOG)"), "\(named.stderr)")
        let flag = try run(clipcoachBinary, ["library", "stats", "--verbose", "--catalog", catalog.path],
                           environment: ["CLIPCOACH_CATALOG": "/elsewhere.sqlite"], currentDirectory: deep)
        #expect(flag.stderr.contains("catalog \(catalog.path) (named by --catalog)"), "\(flag.stderr)")

        let empty = try Fixtures.temporaryFolder("clipcoach-discovery-none")
        defer { try? FileManager.default.removeItem(at: empty) }
        let strayAbove = sequence(first: empty.deletingLastPathComponent()) { $0.path == "/" ? nil : $0.deletingLastPathComponent() }
            .contains { FileManager.default.fileExists(atPath: $0.appendingPathComponent("library.sqlite").path) }
        if !strayAbove {
            let none = try run(clipcoachBinary, ["library", "stats", "--verbose"], environment: [:], currentDirectory: empty)
            #expect(none.stderr.contains("no library.sqlite here or in a parent folder"), "\(none.stderr)")
        }
    }
}
