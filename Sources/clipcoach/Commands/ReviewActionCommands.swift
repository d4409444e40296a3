import ArgumentParser
import Catalog
import ClipCoachCore
import Foundation

/// What submit, accept and request-changes share.
struct ReviewActionOptions: ParsableArguments {
    @Argument(help: "The sidecar (clip-01.json, lesson.json).")
    var sidecar: String

    @Option(name: .long, help: "Who acts: the rater submitting, or the reviewer deciding.")
    var reviewer: String

    @Option(name: .long, help: "A comment for the audit trail (required for request-changes).")
    var comment: String?

    @Option(name: .long, help: "Lesson sidecars: the scoring segment's set (leave out for a clip or the whole-lesson codes).")
    var segment: Int?

    @Option(name: .long, help: ArgumentHelp("Also update this catalog's copy of the review (a file such as library.sqlite, or postgresql://USER@HOST:PORT/DB).",
                                            valueName: "catalog"))
    var catalog: String?

    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print the saved state and event as JSON.")
    var json = false

    func perform(_ action: ReviewAction) async throws {
        do {
            let codebook = try codebookOptions.load()
            let url = URL(fileURLWithPath: sidecar)
            let (saved, event) = try ReviewStore.perform(action, at: url, by: reviewer, segment: segment,
                                                         comment: comment, codebook: codebook)
            if let catalog { await mirror(saved, into: catalog) }
            if json {
                try Output.json(ReviewActionResult(path: sidecar, segment: segment, state: event.to,
                                                   revision: saved.revision, event: event))
            } else {
                let set = segment.map { "segment \($0)" } ?? (saved.kind == .lesson ? "whole lesson" : "clip")
                Output.line("\(sidecar) (\(set)): \(event.from.rawValue) -> \(event.to.rawValue), revision \(saved.revision)")
                for change in event.changes { Output.line("  \(change)") }
            }
        } catch {
            throw ReviewCommandSupport.fail(error)
        }
    }

    /// The sidecar is saved whatever happens here: a catalog problem is a warning.
    private func mirror(_ sidecar: Sidecar, into given: String) async {
        let catalog: OpenedCatalog
        do { catalog = try await ReviewCommandSupport.openCatalog(given) } catch {
            Output.warning("\(error) (the sidecar is saved; `clipcoach review queue` refreshes the catalog)")
            return
        }
        do {
            if let clipID = try catalog.clipID(forSidecar: self.sidecar) {
                try catalog.mirrorReview(clipID: clipID, sidecar: sidecar)
            } else {
                Output.warning("\(self.sidecar) is not in \(catalog.label) (run `clipcoach library ingest`)")
            }
        } catch {
            Output.warning("\(error) (the sidecar is saved; `clipcoach review queue` refreshes the catalog)")
        }
        await catalog.close()
    }
}

struct ReviewActionResult: Encodable {
    let path: String
    let segment: Int?
    let state: ReviewState
    let revision: Int
    let event: ReviewEvent
}

struct ReviewSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Hand an annotation set in for review (from draft or changes requested).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReviewActionOptions

    func run() async throws {
        global.bootstrap()
        try await options.perform(.submit)
    }
}

struct ReviewAcceptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a submitted annotation set (not your own submission).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReviewActionOptions

    func run() async throws {
        global.bootstrap()
        try await options.perform(.accept)
    }
}

struct ReviewRequestChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-changes",
        abstract: "Send a submitted annotation set back to its rater, with a --comment.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReviewActionOptions

    func run() async throws {
        global.bootstrap()
        try await options.perform(.requestChanges)
    }
}
