import ClipCoachCore
import Foundation

/// A W3C Web Annotation collection (JSON-LD, https://www.w3.org/TR/annotation-model/): one
/// `Annotation` per ClipCoach annotation, motivated by `assessing`.
///
/// - bodies: the code (`purpose: classifying`), the score point (`purpose: assessing`), the note
///   (`purpose: commenting`), and each evidence comment (`purpose: describing`, prefixed with its time);
/// - target: the video the sidecar's times count from (the clip file, or the lesson) narrowed
///   by a `FragmentSelector` `t=START,END` (Media Fragments, seconds to the millisecond) to what
///   is scored, then one target `t=TIME` per evidence moment;
/// - `creator` is the rater, `created` / `modified` the annotation's timestamps.
enum WebAnnotationWriter {
    static let context = "http://www.w3.org/ns/anno.jsonld"
    static let mediaFragments = "http://www.w3.org/TR/media-frags/"

    static func render(_ sources: [LoadedSidecar], codebook: Codebook) -> String {
        var items: [JSONNode] = []
        for source in sources {
            let timeline = TimelinePlacement.own(source)
            for placed in timeline.annotations {
                items.append(annotation(placed, video: timeline.video, codebook: codebook))
            }
        }
        let collection = "urn:clipcoach:export:" + fingerprint(sources.map(\.sidecar.id))
        let document: JSONNode = .object([
            ("@context", .string(context)), ("id", .string(collection)), ("type", .string("AnnotationCollection")),
            ("label", .string("ClipCoach annotations of " + sources.map(\.sidecar.id).joined(separator: ", "))),
            ("total", .integer(Int64(items.count))),
            ("first", .object([
                ("id", .string(collection + ":page-1")), ("type", .string("AnnotationPage")),
                ("startIndex", .integer(0)), ("items", .array(items)),
            ])),
        ])
        return document.pretty()
    }

    private static func annotation(_ placed: PlacedAnnotation, video: URL, codebook: Codebook) -> JSONNode {
        let annotation = placed.annotation
        var bodies: [JSONNode] = [
            textBody(annotation.code, purpose: "classifying"),
            textBody(annotation.score, purpose: "assessing"),
        ]
        if let note = annotation.note { bodies.append(textBody(note, purpose: "commenting")) }
        for moment in placed.evidence {
            if let comment = moment.comment {
                bodies.append(textBody("\(Timecode.format(Milliseconds.seconds(moment.time))) \(comment)", purpose: "describing"))
            }
        }
        let scope = placed.scope.end > placed.scope.start
            ? "t=\(Milliseconds.decimalSeconds(placed.scope.start)),\(Milliseconds.decimalSeconds(placed.scope.end))"
            : "t=\(Milliseconds.decimalSeconds(placed.scope.start))"
        let targets = [target(video, fragment: scope)]
            + placed.evidence.map { target(video, fragment: "t=\(Milliseconds.decimalSeconds($0.time))") }
        return .object([
            ("id", .string("urn:clipcoach:annotation:" + urnSafe(annotation.id))), ("type", .string("Annotation")),
            ("motivation", .string("assessing")),
            ("created", .string(annotation.createdAt)), ("modified", .string(annotation.updatedAt)),
            ("creator", .object([("type", .string("Person")), ("name", .string(annotation.rater))])),
            ("body", .array(bodies)),
            ("target", targets.count == 1 ? targets[0] : .array(targets)),
        ])
    }

    private static func textBody(_ value: String, purpose: String) -> JSONNode {
        .object([("type", .string("TextualBody")), ("purpose", .string(purpose)), ("value", .string(value)),
                 ("format", .string("text/plain"))])
    }

    private static func target(_ video: URL, fragment: String) -> JSONNode {
        .object([
            ("type", .string("SpecificResource")),
            ("source", .object([("id", .string(MediaPath.fileURL(video))), ("type", .string("Video")),
                                ("format", .string(MediaType.of(video)))])),
            ("selector", .object([("type", .string("FragmentSelector")), ("conformsTo", .string(mediaFragments)),
                                  ("value", .string(fragment))])),
        ])
    }

    /// Percent-encodes everything but unreserved characters, so any id makes a valid URN.
    private static func urnSafe(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A short stable name for a set of sidecars (FNV-1a over their ids): the same export gets the same IRI.
    private static func fingerprint(_ ids: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ids.sorted().joined(separator: "\n").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
