import ClipCoachCore
import Foundation

/// Reads annotations back from an ELAN file in ClipCoach's layout (`EAFLayout`), including one
/// ELAN itself saved: header attributes, LOCALE / LANGUAGE / CONSTRAINT elements, CV_ENTRY_ML
/// vocabularies, unaligned time slots and tiers outside the layout are all accepted; tiers
/// outside the layout are skipped and named in the reading's notes.
///
/// Times are checked against the target sidecar's own timeline (a clip from 0, or the lesson);
/// on a lesson, a segment-level code's annotation must lie inside one scoring segment, which
/// becomes its `segment`.
enum EAFReader {
    static func read(_ data: Data, file: String, target: Sidecar, codebook: Codebook) throws(InterchangeError) -> ImportReading {
        let root: XMLElementNode
        do throws(XMLTree.SyntaxError) { root = try XMLTree.parse(data) } catch {
            throw InterchangeError(.badData, path: file, location: "line \(error.line), column \(error.column)",
                                   message: "not well-formed XML: \(error.message)")
        }
        let document = Document(root: root, file: file, target: target, codebook: codebook)
        return try document.read()
    }

    private struct MainAnnotation {
        let element: XMLElementNode
        let tier: String
        var imported: ImportedAnnotation
        let span: MillisecondSpan
        var notes: [XMLElementNode] = []
        /// (number from the id's `.eN` suffix if any, time, comment)
        var moments: [(number: Int?, time: Int64, comment: String?)] = []
    }

    private struct Document {
        let root: XMLElementNode
        let file: String
        let target: Sidecar
        let codebook: Codebook

        func problem(_ element: XMLElementNode, _ message: String) -> InterchangeError {
            InterchangeError(.badData, path: file, location: element.place, message: message)
        }

        func read() throws(InterchangeError) -> ImportReading {
            guard root.name == "ANNOTATION_DOCUMENT" else {
                throw problem(root, "not an ELAN document (its root element is ANNOTATION_DOCUMENT)")
            }
            try requireSameSidecar()
            let slots = try timeSlots()
            let types = Dictionary(root.children(named: "LINGUISTIC_TYPE").compactMap { type in
                type.attributes["LINGUISTIC_TYPE_ID"].map { ($0, type.attributes["CONSTRAINTS"] ?? "") }
            }, uniquingKeysWith: { first, _ in first })
            let tiers = root.children(named: "TIER")
            var notes: [String] = []
            var mains: [String: [MainAnnotation]] = [:]
            var order: [String] = []
            for tier in tiers where tier.attributes["PARENT_REF"] == nil {
                let id = tier.attributes["TIER_ID"] ?? ""
                guard let layout = EAFLayout.parseTierID(id) else {
                    notes.append("skipped tier '\(id)' (not named RATER | ROLE | CODE)")
                    continue
                }
                guard codebook.code(layout.code) != nil else {
                    throw problem(tier, "'\(layout.code)' is not a code of \(codebook.id) (tiers are named RATER | ROLE | CODE; see `clipcoach codebook`)")
                }
                mains[id] = try mainAnnotations(of: tier, layout: layout, slots: slots)
                order.append(id)
            }
            for tier in tiers {
                guard let parent = tier.attributes["PARENT_REF"], mains[parent] != nil else { continue }
                let id = tier.attributes["TIER_ID"] ?? ""
                let constraint = types[tier.attributes["LINGUISTIC_TYPE_REF"] ?? ""] ?? ""
                if id == parent + EAFLayout.noteSuffix || (!id.hasSuffix(EAFLayout.evidenceSuffix) && constraint == "Symbolic_Association") {
                    try attachNotes(from: tier, to: &mains[parent, default: []])
                } else if id == parent + EAFLayout.evidenceSuffix || constraint == "Included_In" || constraint == "Time_Subdivision" {
                    try attachEvidence(from: tier, to: &mains[parent, default: []], slots: slots)
                } else {
                    notes.append("skipped tier '\(id)' under '\(parent)' (neither '... | note' nor '... | evidence')")
                }
            }
            // ELAN keeps no time per annotation: what the file was made from stands for all of
            // them, the sidecar revision and time ClipCoach exported it at. The document's DATE
            // does not count: ELAN sets it on every save, so it says nothing about which version
            // of an annotation the file holds (a file without either is never taken as newer).
            let properties = root.children(named: "HEADER").flatMap { $0.children(named: "PROPERTY") }
            func property(_ name: String) -> XMLElementNode? { properties.first { $0.attributes["NAME"] == name } }
            let exportedAt = property("clipcoach.exportedAt").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
                .flatMap { $0.isEmpty ? nil : $0 }
            var exportedRevision: Int?
            if let revision = property("clipcoach.revision") {
                guard let number = Int(revision.text.trimmingCharacters(in: .whitespacesAndNewlines)), number >= 0 else {
                    throw problem(revision, "clipcoach.revision: '\(revision.text)' is not a revision number")
                }
                exportedRevision = number
            }
            let annotations = order.flatMap { mains[$0] ?? [] }.map(finished).map { annotation in
                var dated = annotation
                dated.exportedAt = exportedAt
                dated.exportedRevision = exportedRevision
                return dated
            }
            return ImportReading(annotations: annotations, notes: notes)
        }

        /// A file ClipCoach wrote names its sidecar; importing a clip's file into another clip (or
        /// the lesson) would put its times on the wrong timeline. Files made in ELAN name none.
        private func requireSameSidecar() throws(InterchangeError) {
            let properties = root.children(named: "HEADER").flatMap { $0.children(named: "PROPERTY") }
            guard let property = properties.first(where: { $0.attributes["NAME"] == "clipcoach.sidecar" }) else { return }
            let named = property.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard named.isEmpty || named == target.id else {
                throw problem(property, "the file was exported from sidecar '\(named)', not '\(target.id)': its times are on that video's timeline")
            }
        }

        /// TIME_SLOT_ID -> milliseconds (nil for a slot ELAN left unaligned).
        private func timeSlots() throws(InterchangeError) -> [String: Int64?] {
            var slots: [String: Int64?] = [:]
            for order in root.children(named: "TIME_ORDER") {
                for slot in order.children(named: "TIME_SLOT") {
                    guard let id = slot.attributes["TIME_SLOT_ID"], !id.isEmpty else { throw problem(slot, "no TIME_SLOT_ID") }
                    guard slots[id] == nil else { throw problem(slot, "TIME_SLOT_ID '\(id)' is used twice") }
                    if let text = slot.attributes["TIME_VALUE"] {
                        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                            throw problem(slot, "TIME_VALUE '\(text)' is not a time in whole milliseconds")
                        }
                        slots[id] = .some(value)
                    } else {
                        slots[id] = .some(nil)
                    }
                }
            }
            return slots
        }

        private func mainAnnotations(of tier: XMLElementNode, layout: (rater: String, role: Sidecar.Annotation.Role, code: String),
                                     slots: [String: Int64?]) throws(InterchangeError) -> [MainAnnotation] {
            let tierID = tier.attributes["TIER_ID"] ?? ""
            var found: [MainAnnotation] = []
            for wrapper in tier.children(named: "ANNOTATION") {
                guard let element = wrapper.children.first else { continue }
                guard element.name == "ALIGNABLE_ANNOTATION" else {
                    throw problem(element, "tier '\(tierID)' holds scores, which are time-aligned (ALIGNABLE_ANNOTATION)")
                }
                let span = try self.span(of: element, slots: slots)
                let id = try annotationID(element)
                let origin = "\(element.place) on tier '\(tierID)'"
                let imported = ImportedAnnotation(
                    origin: origin, id: id, code: layout.code, score: value(of: element).trimmingCharacters(in: .whitespacesAndNewlines),
                    rater: layout.rater, role: layout.role, segment: try segment(for: span, code: layout.code, element: element))
                found.append(MainAnnotation(element: element, tier: tierID, imported: imported, span: span))
            }
            return found
        }

        private func attachNotes(from tier: XMLElementNode, to mains: inout [MainAnnotation]) throws(InterchangeError) {
            for wrapper in tier.children(named: "ANNOTATION") {
                guard let element = wrapper.children.first else { continue }
                guard element.name == "REF_ANNOTATION", let parent = element.attributes["ANNOTATION_REF"] else {
                    throw problem(element, "a note tier holds REF_ANNOTATIONs pointing at the annotation they annotate")
                }
                guard let index = mains.firstIndex(where: { $0.imported.id == parent }) else {
                    throw problem(element, "ANNOTATION_REF '\(parent)' is not an annotation of tier '\(tier.attributes["PARENT_REF"] ?? "")'")
                }
                mains[index].notes.append(element)
            }
        }

        private func attachEvidence(from tier: XMLElementNode, to mains: inout [MainAnnotation],
                                    slots: [String: Int64?]) throws(InterchangeError) {
            for wrapper in tier.children(named: "ANNOTATION") {
                guard let element = wrapper.children.first else { continue }
                guard element.name == "ALIGNABLE_ANNOTATION" else {
                    throw problem(element, "an evidence tier holds time-aligned annotations (ALIGNABLE_ANNOTATION)")
                }
                let span = try self.span(of: element, slots: slots)
                let id = element.attributes["ANNOTATION_ID"] ?? ""
                // ClipCoach names a moment after its annotation (`a-1.e2`); one made in ELAN belongs to
                // the score whose time it lies in (the later one when it sits on a boundary).
                let named = mains.firstIndex { main in main.imported.id.map { id.hasPrefix($0 + ".e") } == true }
                let containing = mains.lastIndex { $0.span.start <= span.start && span.end <= $0.span.end }
                guard let index = named ?? containing, mains[index].span.start <= span.start, span.start <= mains[index].span.end else {
                    throw problem(element, "starts at \(seconds(span.start)), outside every score on tier '\(tier.attributes["PARENT_REF"] ?? "")'")
                }
                let parentID = mains[index].imported.id ?? ""
                var number: Int?
                if id.hasPrefix(parentID + ".e") { number = Int(id.dropFirst(parentID.count + 2)) }
                let comment = value(of: element)
                mains[index].moments.append((number, span.start, comment.isEmpty ? nil : comment))
            }
        }

        /// The annotation with its note and evidence, evidence in the order its ids number it
        /// (ClipCoach's own), else in time order.
        private func finished(_ main: MainAnnotation) -> ImportedAnnotation {
            var imported = main.imported
            if let note = main.notes.first { imported.note = value(of: note) }
            let ordered = main.moments.enumerated().sorted { a, b in
                switch (a.element.number, b.element.number) {
                case let (x?, y?) where x != y: x < y
                default: (a.element.time, a.offset) < (b.element.time, b.offset)
                }
            }.map(\.element)
            imported.evidence = ordered.map { Sidecar.Evidence(time: Milliseconds.seconds($0.time), comment: $0.comment) }
            return imported
        }

        private func annotationID(_ element: XMLElementNode) throws(InterchangeError) -> String {
            guard let id = element.attributes["ANNOTATION_ID"]?.trimmingCharacters(in: .whitespaces), !id.isEmpty else {
                throw problem(element, "no ANNOTATION_ID")
            }
            return id
        }

        private func value(of element: XMLElementNode) -> String {
            element.child(named: "ANNOTATION_VALUE")?.text ?? ""
        }

        /// Start and end in milliseconds, inside the target's timeline.
        private func span(of element: XMLElementNode, slots: [String: Int64?]) throws(InterchangeError) -> MillisecondSpan {
            func time(_ attribute: String) throws(InterchangeError) -> Int64 {
                guard let id = element.attributes[attribute] else { throw problem(element, "no \(attribute)") }
                guard let slot = slots[id] else { throw problem(element, "\(attribute) '\(id)' is not a TIME_SLOT of the TIME_ORDER") }
                guard let value = slot else { throw problem(element, "\(attribute) '\(id)' has no TIME_VALUE (align the annotation in ELAN)") }
                return value
            }
            let span = MillisecondSpan(start: try time("TIME_SLOT_REF1"), end: try time("TIME_SLOT_REF2"))
            guard span.end >= span.start else {
                throw problem(element, "ends (\(seconds(span.end))) before it starts (\(seconds(span.start)))")
            }
            let duration = Milliseconds.from(seconds: target.timelineDuration)
            guard span.end <= duration else {
                let what = target.kind == .clip ? "the clip" : "the lesson"
                throw problem(element, "\(seconds(span.start))-\(seconds(span.end)) is outside \(what) (\(seconds(0))-\(seconds(duration)))")
            }
            return span
        }

        /// On a lesson, a segment-level code scores the one segment its annotation lies in.
        private func segment(for span: MillisecondSpan, code: String, element: XMLElementNode) throws(InterchangeError) -> Int? {
            guard target.kind == .lesson, codebook.code(code)?.level == .segment else { return nil }
            let segments = target.segments ?? []
            if let segment = segments.first(where: { MillisecondSpan(seconds: $0.start, $0.end).contains(span) }) {
                return segment.number
            }
            let listed = segments.map { "\($0.number): \(Timecode.format($0.start))-\(Timecode.format($0.end))" }.joined(separator: ", ")
            throw problem(element, "\(code) is scored per segment, but \(seconds(span.start))-\(seconds(span.end)) is not inside one scoring segment (\(listed))")
        }

        private func seconds(_ milliseconds: Int64) -> String { Timecode.format(Milliseconds.seconds(milliseconds)) }
    }
}
