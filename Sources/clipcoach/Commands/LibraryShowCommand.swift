import ArgumentParser
import Catalog
import Foundation

struct LibraryShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything the catalog holds about one clip (its id from `library search`)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var catalogOptions: CatalogOptions

    @Argument(help: "The clip id.")
    var id: Int64

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let catalog = try await catalogOptions.openAny(mustExist: true)
        let details: ClipDetails
        do {
            details = try catalog.clipDetails(id: id)
            await catalog.close()
        } catch {
            await catalog.close()
            throw LibraryCommandSupport.fail(error)
        }
        if json {
            try Output.json(details)
            return
        }
        let clip = details.clip, video = details.video
        let time = LibraryCommandSupport.time
        var facts: [[String]] = [
            ["clip", "\(details.clip.id ?? id) (\(clip.kind.rawValue))\(clip.sidecarId.map { ", sidecar id \($0)" } ?? "")"],
            ["label", clip.label],
            ["file", "\(video.path) (\(video.status.rawValue))"],
            ["video", "\(video.container), \(video.videoCodec)\(video.audioCodec.map { " + \($0)" } ?? ""), "
                + "\(video.displayWidth ?? 0)x\(video.displayHeight ?? 0), \(time(video.duration))"
                + (video.hasLocation ? ", carries GPS location" : "")],
            ["poster", details.poster ?? "-"],
            ["thumbnails", "\(details.thumbnails.count)"],
        ]
        if clip.kind == .clip {
            facts.append(["source", "\(clip.sourcePath ?? "?") \(time(clip.sourceStart))-\(time(clip.sourceEnd))"])
        }
        let context = [clip.teacher.map { "teacher \($0)" }, clip.grade.map { "grade \($0)" }, clip.topic.map { "topic \($0)" },
                       clip.lessonDate, details.tags.isEmpty ? nil : "tags " + details.tags.joined(separator: ", ")]
        facts.append(["context", context.compactMap { $0 }.joined(separator: "; ")])
        if !details.segments.isEmpty {
            facts.append(["segments", details.segments.map { "\($0.number): \(time($0.startTime))-\(time($0.endTime))" }
                .joined(separator: ", ")])
        }
        TextColumns.render(facts).forEach { Output.line($0) }
        guard !details.annotations.isEmpty else { return }
        Output.line()
        var rows = [["CODE", "SCORE", "RATER", "ROLE", "SEGMENT", "EVIDENCE", "NOTE"]]
        for item in details.annotations {
            let annotation = item.annotation
            rows.append([annotation.code, annotation.score, annotation.rater, annotation.role,
                         annotation.segmentNumber.map(String.init) ?? "-",
                         item.evidence.map { time($0.time) }.joined(separator: " "), annotation.note ?? ""])
        }
        TextColumns.render(rows).forEach { Output.line($0) }
    }
}
