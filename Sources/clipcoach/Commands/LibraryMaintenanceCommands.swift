import ArgumentParser
import Catalog
import Foundation

/// Hidden: every catalog row as sorted text, for comparing catalogs in tests and scripts.
struct LibraryDumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print every catalog row as sorted text lines (for comparing catalogs).",
        shouldDisplay: false
    )

    @OptionGroup var catalogOptions: CatalogOptions

    @Flag(help: "Name rows by paths and sidecar ids instead of catalog ids, without catalog timestamps.")
    var portable = false

    func run() async throws {
        let catalog = try await catalogOptions.openAny(mustExist: true)
        do {
            let lines = try await catalog.dumpLines(mode: portable ? .portable : .exact)
            await catalog.close()
            for line in lines { Output.line(line) }
        } catch {
            await catalog.close()
            throw LibraryCommandSupport.fail(error)
        }
    }
}

/// Hidden: fills a catalog with synthetic annotated clips, for the search benchmark.
struct LibrarySynthesizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize",
        abstract: "Add synthetic annotated clips to a catalog (benchmarks only; no media files).",
        shouldDisplay: false
    )

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: "How many clips to add.")
    var clips: Int

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 42

    func validate() throws {
        guard (1...10_000_000).contains(clips) else { throw ValidationError("--clips must be between 1 and 10000000") }
    }

    func run() async throws {
        let catalog = try catalogOptions.open(mustExist: false, command: "library synthesize")
        do {
            try await SyntheticLibrary.populate(catalog, count: clips, seed: seed)
        } catch {
            throw LibraryCommandSupport.fail(error)
        }
    }
}
