import ArgumentParser
import Catalog
import Foundation

struct LibrarySyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Copy a whole catalog between SQLite and PostgreSQL, either way.",
        discussion: """
        Copies every row of --from into --to (ids kept: cycles and reviews point at clip \
        ids) in one transaction: the destination ends as the source, or, if anything fails, \
        as it was. A destination that already holds videos is refused unless --replace. \
        The posters and thumbnails of the source's media folder are copied into the \
        destination's when the two differ (an SQLite catalog's media folder is beside it; a \
        PostgreSQL catalog's is --from-media / --to-media, else $CLIPCOACH_MEDIA).

          clipcoach library sync --from laptop.sqlite --to postgresql://coach@db.district.org/clipcoach --to-media /mnt/clipcoach-media
          clipcoach library sync --from postgresql://coach@db.district.org/clipcoach --from-media /mnt/clipcoach-media --to copy.sqlite
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The catalog to copy: a file or postgresql://USER@HOST:PORT/DB.", valueName: "path|url"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The catalog to write: a file or postgresql://USER@HOST:PORT/DB.", valueName: "path|url"))
    var to: String

    @Option(name: .customLong("from-media"), help: ArgumentHelp("The source's media folder, when it is PostgreSQL.", valueName: "dir"))
    var fromMedia: String?

    @Option(name: .customLong("to-media"), help: ArgumentHelp("The destination's media folder, when it is PostgreSQL.", valueName: "dir"))
    var toMedia: String?

    @Flag(help: "Overwrite a destination that already holds videos.")
    var replace = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let source: OpenedCatalog
        let destination: OpenedCatalog
        do {
            source = try await OpenedCatalog.open(try CatalogLocation.parse(from), mustExist: true, mediaFolder: fromMedia)
        } catch {
            throw LibraryCommandSupport.fail(error)
        }
        do {
            destination = try await OpenedCatalog.open(try CatalogLocation.parse(to), mustExist: false, mediaFolder: toMedia)
        } catch {
            await source.close()
            throw LibraryCommandSupport.fail(error)
        }
        let summary: CatalogSync.Summary
        do {
            summary = try await CatalogSync.copy(from: source, to: destination, replace: replace)
        } catch {
            await source.close()
            await destination.close()
            throw LibraryCommandSupport.fail(error)
        }
        await source.close()
        await destination.close()
        if json {
            try Output.json(summary)
        } else {
            Output.line("copied \(summary.rows["video"] ?? 0) videos, \(summary.rows["clip"] ?? 0) clips, "
                + "\(summary.rows["annotation"] ?? 0) annotations and \(summary.mediaFolders) media folders "
                + "from \(summary.from) to \(summary.to)")
        }
    }
}
