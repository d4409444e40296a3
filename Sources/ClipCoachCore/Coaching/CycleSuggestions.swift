import Foundation

/// Everything `cycle suggest` offers for one cycle.
public struct CycleSuggestions: Sendable, Equatable, Codable {
    public var cycleID: Int
    public var focusCodes: [String]
    public var teacherClips: [TeacherClipSuggestion]
    public var libraryClips: [LibraryClipSuggestion]
    /// Clips scored on the focus codes that are left out, with why.
    public var notSuggested: [LibraryClipRejection]
    /// Where the teacher-clip scores were read (sidecars), and anything worth knowing.
    public var sources: [String]

    public init(cycleID: Int, focusCodes: [String], teacherClips: [TeacherClipSuggestion],
                libraryClips: [LibraryClipSuggestion], notSuggested: [LibraryClipRejection], sources: [String]) {
        self.cycleID = cycleID
        self.focusCodes = focusCodes
        self.teacherClips = teacherClips
        self.libraryClips = libraryClips
        self.notSuggested = notSuggested
        self.sources = sources
    }
}
