import ClipCoachCore
import Foundation

/// `cycle.json` in a cycle packet: the cycle as recorded, the focus codes with their
/// names, and the packet's three clips with paths relative to the packet folder.
public struct CyclePacketDocument: Codable, Sendable, Equatable {
    public static let schemaName = "clipcoach.cycle-packet"

    public struct Code: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var domain: String
        public var higherIsWorse: Bool
    }

    public struct Clip: Codable, Sendable, Equatable {
        /// 1, 2: teacher clips; 3: the library clip.
        public var number: Int
        /// "teacher" or "library".
        public var kind: String
        public var title: String
        /// Relative to the packet folder.
        public var video: String
        public var poster: String?
        public var sidecar: String?
        /// Teacher clips: the window in the lesson as cut.
        public var window: ClipWindow?
        public var duration: Double
        public var grade: String?
        public var libraryClipID: String?
        public var note: ClipNote?
        /// The library clip: its topic and the codes and score points it exemplifies, and
        /// nothing else of its sidecar (no names, notes or paths from another classroom).
        public var topic: String?
        public var exemplifies: [Exemplified]?
    }

    /// A code and score point a library clip shows, without who scored it.
    public struct Exemplified: Codable, Sendable, Equatable, Hashable {
        public var code: String
        public var score: String
    }

    public var schema: String
    public var schemaVersion: Int
    public var exportedAt: String
    public var focusCodes: [Code]
    public var nextFocusCodes: [Code]
    public var clips: [Clip]
    public var cycle: CoachingCycle

    static func code(_ id: String, in codebook: Codebook) -> Code {
        let code = codebook.code(id)
        return Code(id: id, name: code?.name ?? id, domain: code.flatMap { codebook.domain($0.domain)?.name } ?? "",
                    higherIsWorse: code?.higherIsWorse ?? false)
    }
}
