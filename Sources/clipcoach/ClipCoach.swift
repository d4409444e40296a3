import ArgumentParser
import Foundation
import Logging
import Media

@main
enum Main {
    static func main() async {
        // A file-size limit (ulimit -f) should fail a write with EFBIG, reported
        // as a clear error, not kill the process half-way through an output.
        signal(SIGXFSZ, SIG_IGN)
        await ClipCoach.main()
    }
}

struct ClipCoach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clipcoach",
        abstract: "Cut, describe and annotate classroom video for MQI math coaching.",
        version: "0.1.0",
        subcommands: [
            ProbeCommand.self,
            CutCommand.self,
            SegmentCommand.self,
            CodebookCommand.self,
            AnnotateCommand.self,
            AnnotationsCommand.self,
            TagCommand.self,
            ValidateCommand.self,
            ThumbsCommand.self,
            SheetCommand.self,
            ExportCommand.self,
            ImportCommand.self,
            LibraryCommand.self,
            ReviewCommand.self,
            CycleCommand.self,
            MomentsCommand.self,
            TranscriptCommand.self,
        ]
    )
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Log what FFmpeg and ClipCoach do, on stderr.")
    var verbose = false

    /// Sets up logging once per run: quiet unless --verbose.
    func bootstrap() {
        LoggingSetup.bootstrap(verbose: verbose)
    }
}
