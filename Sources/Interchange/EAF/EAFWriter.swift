import ClipCoachCore
import Foundation

/// An ELAN annotation document (EAF 3.0) for one sidecar, on its own video and timeline (a
/// clip from 0, or the lesson). Layout: `EAFLayout`.
enum EAFWriter {
    static func render(_ source: LoadedSidecar, codebook: Codebook, document: URL,
                       date: String = Sidecar.timestamp()) throws(InterchangeError) -> String {
        let timeline = TimelinePlacement.own(source)
        let tiers = try mainTiers(timeline, codebook: codebook, source: source)
        var slots = TimeSlots(reserved: Set(timeline.annotations.map(\.annotation.id)))

        // Time slots are numbered in time order, as ELAN writes them, so tiers are built first.
        var tierXML: [(id: String, attributes: [(String, String)], annotations: [EAFAnnotation])] = []
        for tier in tiers {
            let parent: [(String, String)] = [("PARENT_REF", tier.id)]
            var main: [EAFAnnotation] = [], notes: [EAFAnnotation] = [], evidence: [EAFAnnotation] = []
            for placed in tier.annotations {
                let id = placed.annotation.id
                main.append(.aligned(id: id, start: slots.add(placed.scope.start), end: slots.add(placed.scope.end),
                                     value: placed.annotation.score,
                                     cve: EAFLayout.cveID(scale: tier.scale, point: placed.annotation.score)))
                if let note = placed.annotation.note {
                    notes.append(.reference(id: "\(id).note", parent: id, value: note))
                }
                // Numbered in the sidecar's order (which the reader restores), written in time order.
                for moment in evidenceSpans(placed) {
                    evidence.append(.aligned(id: "\(id).e\(moment.number)", start: slots.add(moment.span.start),
                                             end: slots.add(moment.span.end), value: moment.comment ?? "", cve: nil))
                }
            }
            var common: [(String, String)] = [("ANNOTATOR", tier.rater)]
            if let teacher = source.sidecar.context.teacher { common.append(("PARTICIPANT", teacher)) }
            tierXML.append((tier.id, common + [("LINGUISTIC_TYPE_REF", EAFLayout.scoreType(scale: tier.scale))], main))
            if !notes.isEmpty {
                tierXML.append((tier.id + EAFLayout.noteSuffix,
                                common + [("LINGUISTIC_TYPE_REF", EAFLayout.noteType)] + parent, notes))
            }
            if !evidence.isEmpty {
                tierXML.append((tier.id + EAFLayout.evidenceSuffix,
                                common + [("LINGUISTIC_TYPE_REF", EAFLayout.evidenceType)] + parent, evidence))
            }
        }

        var xml = XMLWriter()
        xml.open("ANNOTATION_DOCUMENT", [
            ("AUTHOR", "ClipCoach"), ("DATE", date), ("FORMAT", "3.0"), ("VERSION", "3.0"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:noNamespaceSchemaLocation", "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"),
        ])
        xml.open("HEADER", [("MEDIA_FILE", ""), ("TIME_UNITS", "milliseconds")])
        xml.empty("MEDIA_DESCRIPTOR", [
            ("MEDIA_URL", MediaPath.fileURL(timeline.video)), ("MIME_TYPE", MediaType.of(timeline.video)),
            ("RELATIVE_MEDIA_URL", MediaPath.relative(timeline.video, from: document)),
        ])
        xml.leaf("PROPERTY", [("NAME", "clipcoach.sidecar")], text: source.sidecar.id)
        xml.leaf("PROPERTY", [("NAME", "clipcoach.codebook")], text: codebook.id)
        // When and from which revision: an import of this file later will not turn back
        // annotations the sidecar changed after this moment.
        xml.leaf("PROPERTY", [("NAME", "clipcoach.exportedAt")], text: date)
        xml.leaf("PROPERTY", [("NAME", "clipcoach.revision")], text: String(source.sidecar.revision))
        xml.close("HEADER")
        let numbered = slots.numbered()
        xml.open("TIME_ORDER")
        for (id, value) in numbered.ordered { xml.empty("TIME_SLOT", [("TIME_SLOT_ID", id), ("TIME_VALUE", String(value))]) }
        xml.close("TIME_ORDER")
        for tier in tierXML {
            if tier.annotations.isEmpty {
                xml.empty("TIER", tier.attributes + [("TIER_ID", tier.id)])
                continue
            }
            xml.open("TIER", tier.attributes + [("TIER_ID", tier.id)])
            for annotation in tier.annotations { annotation.write(to: &xml, slotIDs: numbered.ids) }
            xml.close("TIER")
        }
        writeTypesAndVocabularies(to: &xml, codebook: codebook)
        xml.close("ANNOTATION_DOCUMENT")
        return xml.text
    }

    // MARK: - Tiers

    private struct MainTier {
        let id: String
        let rater: String
        let scale: String
        let annotations: [PlacedAnnotation]
    }

    /// One tier per rater, role and code, in the order first met; annotations in time order.
    private static func mainTiers(_ timeline: PlacedTimeline, codebook: Codebook,
                                  source: LoadedSidecar) throws(InterchangeError) -> [MainTier] {
        var order: [String] = []
        var grouped: [String: [PlacedAnnotation]] = [:]
        for placed in timeline.annotations {
            let annotation = placed.annotation
            guard XMLText.isIdentifier(annotation.id) else {
                throw InterchangeError(.badData, path: source.path, location: "annotation '\(annotation.id)'",
                                       message: "this id cannot be an ELAN ANNOTATION_ID (a letter or _, then letters, digits, . - _)")
            }
            let id = EAFLayout.tierID(rater: annotation.rater, role: annotation.role, code: annotation.code)
            if grouped[id] == nil { order.append(id) }
            grouped[id, default: []].append(placed)
        }
        var tiers: [MainTier] = []
        for id in order {
            let annotations = (grouped[id] ?? []).sorted { $0.scope.start < $1.scope.start }
            // ELAN keeps the annotations of one tier apart: the same person scoring the same code
            // twice over the same stretch cannot be written.
            for (earlier, later) in zip(annotations, annotations.dropFirst()) where later.scope.start < earlier.scope.end {
                throw InterchangeError(.badData, path: source.path,
                                       location: "annotations '\(earlier.annotation.id)' and '\(later.annotation.id)'",
                                       message: "both score \(later.annotation.code) by \(later.annotation.rater) over the same time; an ELAN tier cannot hold overlapping annotations")
            }
            guard let code = annotations.first?.annotation.code, let scale = codebook.scale(forCode: code) else {
                throw InterchangeError(.badData, path: source.path, location: "tier '\(id)'",
                                       message: "the code is not in codebook \(codebook.id)")
            }
            tiers.append(MainTier(id: id, rater: annotations.first?.annotation.rater ?? "", scale: scale.id,
                                  annotations: annotations))
        }
        return tiers
    }

    /// Each evidence moment as a span inside what the annotation scores, not overlapping the
    /// next, in time order; `number` is its place in the sidecar (from 1).
    private static func evidenceSpans(_ placed: PlacedAnnotation) -> [(number: Int, span: MillisecondSpan, comment: String?)] {
        let moments = placed.evidence.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        return moments.enumerated().map { position, entry in
            let start = min(max(entry.element.time, placed.scope.start), placed.scope.end)
            var end = min(start + EAFLayout.evidenceLength, placed.scope.end)
            if position + 1 < moments.count { end = min(end, max(start, moments[position + 1].element.time)) }
            return (entry.offset + 1, MillisecondSpan(start: start, end: end), entry.element.comment)
        }
    }

    // MARK: - Types, vocabularies, constraints

    private static func writeTypesAndVocabularies(to xml: inout XMLWriter, codebook: Codebook) {
        for scale in codebook.scales {
            xml.empty("LINGUISTIC_TYPE", [
                ("CONTROLLED_VOCABULARY_REF", scale.id), ("GRAPHIC_REFERENCES", "false"),
                ("LINGUISTIC_TYPE_ID", EAFLayout.scoreType(scale: scale.id)), ("TIME_ALIGNABLE", "true"),
            ])
        }
        xml.empty("LINGUISTIC_TYPE", [("CONSTRAINTS", "Symbolic_Association"), ("GRAPHIC_REFERENCES", "false"),
                                      ("LINGUISTIC_TYPE_ID", EAFLayout.noteType), ("TIME_ALIGNABLE", "false")])
        xml.empty("LINGUISTIC_TYPE", [("CONSTRAINTS", "Included_In"), ("GRAPHIC_REFERENCES", "false"),
                                      ("LINGUISTIC_TYPE_ID", EAFLayout.evidenceType), ("TIME_ALIGNABLE", "true")])
        xml.empty("LOCALE", [("COUNTRY_CODE", "US"), ("LANGUAGE_CODE", "en")])
        xml.empty("LANGUAGE", [("LANG_DEF", "http://cdb.iso.org/lg/CDB-00138502-001"), ("LANG_ID", "eng"),
                               ("LANG_LABEL", "English (eng)")])
        // The four stereotypes every ELAN file declares, with ELAN's own wording.
        let constraints = [
            ("Time subdivision of parent annotation's time interval, no time gaps allowed within this interval", "Time_Subdivision"),
            ("Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered", "Symbolic_Subdivision"),
            ("1-1 association with a parent annotation", "Symbolic_Association"),
            ("Time alignable annotations within the parent annotation's time interval, gaps are allowed", "Included_In"),
        ]
        for (description, stereotype) in constraints {
            xml.empty("CONSTRAINT", [("DESCRIPTION", description), ("STEREOTYPE", stereotype)])
        }
        for scale in codebook.scales {
            xml.open("CONTROLLED_VOCABULARY", [("CV_ID", scale.id)])
            xml.leaf("DESCRIPTION", [("LANG_REF", "eng")], text: scale.name)
            for point in scale.points {
                xml.open("CV_ENTRY_ML", [("CVE_ID", EAFLayout.cveID(scale: scale.id, point: point.id))])
                xml.leaf("CVE_VALUE", [("DESCRIPTION", point.label), ("LANG_REF", "eng")], text: point.id)
                xml.close("CV_ENTRY_ML")
            }
            xml.close("CONTROLLED_VOCABULARY")
        }
    }
}

/// An annotation as EAF writes it.
private enum EAFAnnotation {
    case aligned(id: String, start: Int, end: Int, value: String, cve: String?)
    case reference(id: String, parent: String, value: String)

    func write(to xml: inout XMLWriter, slotIDs: [String]) {
        xml.open("ANNOTATION")
        switch self {
        case .aligned(let id, let start, let end, let value, let cve):
            var attributes: [(String, String)] = [("ANNOTATION_ID", id)]
            if let cve { attributes.append(("CVE_REF", cve)) }
            attributes += [("TIME_SLOT_REF1", slotIDs[start]), ("TIME_SLOT_REF2", slotIDs[end])]
            xml.open("ALIGNABLE_ANNOTATION", attributes)
            xml.leaf("ANNOTATION_VALUE", text: value)
            xml.close("ALIGNABLE_ANNOTATION")
        case .reference(let id, let parent, let value):
            xml.open("REF_ANNOTATION", [("ANNOTATION_ID", id), ("ANNOTATION_REF", parent)])
            xml.leaf("ANNOTATION_VALUE", text: value)
            xml.close("REF_ANNOTATION")
        }
        xml.close("ANNOTATION")
    }
}

/// TIME_SLOTs: one per annotation boundary (as ELAN keeps them), numbered in time order.
private struct TimeSlots {
    private var values: [Int64] = []
    private let prefix: String

    /// `reserved`: annotation ids, which share XML's ID space with time slot ids.
    init(reserved: Set<String>) {
        let candidates = ["ts", "slot", "clipcoach-ts"]
        prefix = candidates.first { candidate in !reserved.contains { $0.hasPrefix(candidate) } } ?? "clipcoach-slot-"
    }

    /// Adds a slot and returns its handle.
    mutating func add(_ value: Int64) -> Int {
        values.append(value)
        return values.count - 1
    }

    /// The slots numbered by time (ties in the order added): `ids[handle]` is `ts1` for the earliest.
    func numbered() -> (ids: [String], ordered: [(id: String, value: Int64)]) {
        let byTime = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        var ids = [String](repeating: "", count: values.count)
        for (rank, handle) in byTime.enumerated() { ids[handle] = prefix + String(rank + 1) }
        return (ids, byTime.map { (ids[$0], values[$0]) })
    }
}
