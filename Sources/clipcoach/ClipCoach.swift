import ArgumentParser
import Foundation
import Logging
import Media

@main
struct ClipCoach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clipcoach",
        abstract: "Cut, describe and annotate classroom video for MQI math coaching.",
        version: "0.1.0",
        subcommands: [
            ProbeCommand.self,
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
