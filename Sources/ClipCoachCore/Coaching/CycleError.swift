import Failures
import Foundation

/// Which list of codes a focus rule was checked on, so messages name the right option.
public enum FocusList: String, Sendable, Codable {
    case focus = "focus"
    case nextFocus = "next-focus"
}

/// A broken coaching-cycle rule. Every rule has its own case and its own message.
public enum CycleError: Error, Equatable, Sendable, CustomStringConvertible, RemedyCarrying {
    // Starting a cycle
    case emptyTeacher
    /// A teacher's name, grade or clip label that is too long or holds a refused character.
    case unusableText(problem: String)
    case focusCount(list: FocusList, count: Int)
    case unknownFocusCode(list: FocusList, code: String, codebook: String)
    case wholeLessonFocusCode(list: FocusList, code: String)
    case repeatedFocusCode(list: FocusList, code: String)
    case invalidLengthBounds(minimum: Double, maximum: Double)
    case noFocusGiven(teacher: String)
    // Picking clips
    case teacherClipCount(Int)
    case teacherClipFromAnotherLesson(clip: Int, fingerprint: String)
    case teacherClipOutsideLesson(clip: Int, window: ClipWindow, lessonDuration: Double)
    case teacherClipTooShort(clip: Int, length: Double, minimum: Double)
    case teacherClipTooLong(clip: Int, length: Double, maximum: Double)
    case teacherClipsOverlap(first: ClipWindow, second: ClipWindow)
    case libraryClipCount(Int)
    case libraryClipNotInCatalog(id: String)
    case libraryClipFromOwnLesson(id: String, teacher: String)
    case libraryClipNotCleared(id: String, sharing: SharingStatus)
    case clipsAlreadyDiscussed(notes: [Int])
    // Conversation notes
    case noteForUnknownClip(number: Int)
    case emptyNote(clip: Int, field: NoteField)
    // Action plan
    case noGoals
    case emptyGoal(position: Int)
    // Order of the steps
    case outOfOrder(action: CycleAction, state: CycleState)
    case conversationNotHeld(missingNotes: [Int])
    case closingNeedsPlan(state: CycleState)
    case cycleClosed(id: Int)

    /// Whether the request itself breaks a rule (a bad command line: exit 64), or it
    /// conflicts with what is recorded: the cycle's state, the catalog's clips (exit 65).
    public enum Kind: Sendable { case invalidRequest, conflictsWithRecord }

    public var kind: Kind {
        switch self {
        case .emptyTeacher, .unusableText, .focusCount, .unknownFocusCode, .wholeLessonFocusCode, .repeatedFocusCode,
             .invalidLengthBounds, .noFocusGiven, .teacherClipCount, .teacherClipOutsideLesson,
             .teacherClipTooShort, .teacherClipTooLong, .teacherClipsOverlap, .libraryClipCount,
             .noteForUnknownClip, .emptyNote, .noGoals, .emptyGoal:
            .invalidRequest
        case .teacherClipFromAnotherLesson, .libraryClipNotInCatalog, .libraryClipFromOwnLesson, .libraryClipNotCleared,
             .clipsAlreadyDiscussed, .outOfOrder, .conversationNotHeld, .closingNeedsPlan, .cycleClosed:
            .conflictsWithRecord
        }
    }

    /// Naming the focus codes, when no earlier cycle gives them.
    public var remedy: Remedy? {
        if case .noFocusGiven = self { return .focusCodes }
        return nil
    }

    public var description: String {
        switch self {
        case .emptyTeacher:
            "a cycle needs a teacher's name"
        case .unusableText(let problem):
            problem
        case .focusCount(let list, let count):
            "a cycle has one or two \(list.rawValue) codes, not \(count)"
        case .unknownFocusCode(let list, let code, let codebook):
            "\(list.rawValue) code '\(code)' is not a code of \(codebook) (see `clipcoach codebook`)"
        case .wholeLessonFocusCode(let list, let code):
            "\(list.rawValue) code '\(code)' is scored for the whole lesson; a cycle focuses on segment-level codes that short clips can show"
        case .repeatedFocusCode(let list, let code):
            "\(list.rawValue) code '\(code)' is given twice"
        case .invalidLengthBounds(let minimum, let maximum):
            "clip length bounds \(Timecode.format(minimum)) to \(Timecode.format(maximum)) are not a range (need 0 < minimum < maximum)"
        case .noFocusGiven(let teacher):
            "name the focus codes: no earlier cycle of \(teacher) has next-focus codes to start from"
        case .teacherClipCount(let count):
            "a cycle needs exactly two teacher clips, got \(count)"
        case .teacherClipFromAnotherLesson(let clip, let fingerprint):
            "teacher clip \(clip) comes from another video (fingerprint \(fingerprint)), not from the cycle's lesson"
        case .teacherClipOutsideLesson(let clip, let window, let duration):
            "teacher clip \(clip) (\(window.text)) is not inside the lesson (00:00.000-\(Timecode.format(duration)))"
        case .teacherClipTooShort(let clip, let length, let minimum):
            "teacher clip \(clip) is \(Timecode.format(length)) long, shorter than the minimum \(Timecode.format(minimum))"
        case .teacherClipTooLong(let clip, let length, let maximum):
            "teacher clip \(clip) is \(Timecode.format(length)) long, longer than the maximum \(Timecode.format(maximum))"
        case .teacherClipsOverlap(let first, let second):
            "the teacher clips overlap (\(first.text) and \(second.text)); pick two different moments"
        case .libraryClipCount(let count):
            "a cycle needs exactly one library clip, got \(count)"
        case .libraryClipNotInCatalog(let id):
            "library clip '\(id)' is not in the catalog (see `clipcoach library search`)"
        case .libraryClipFromOwnLesson(let id, let teacher):
            "library clip '\(id)' comes from \(teacher)'s own lessons; the library clip shows another classroom"
        case .libraryClipNotCleared(let id, let sharing):
            "library clip '\(id)' is shared as '\(sharing.rawValue)', not cleared to show other teachers; "
                + "a clip is offered as the library clip only once it is cleared for the library, with a note of what the consent covers"
        case .clipsAlreadyDiscussed(let notes):
            "the clips cannot change: notes were already written for clip\(notes.count == 1 ? "" : "s") \(list(notes))"
        case .noteForUnknownClip(let number):
            "there is no clip \(number): notes are for clips 1 and 2 (teacher) and 3 (library)"
        case .emptyNote(let clip, let field):
            "the note for clip \(clip) needs '\(field.rawValue)'"
        case .noGoals:
            "an action plan needs at least one goal"
        case .emptyGoal(let position):
            "goal \(position) is empty"
        case .outOfOrder(let action, let state):
            "cannot \(action.phrase): the cycle is \(state.label); next: \(state.nextStep)"
        case .conversationNotHeld(let missing):
            "cannot set the action plan before the conversation: no notes yet for clip\(missing.count == 1 ? "" : "s") \(list(missing))"
        case .closingNeedsPlan(let state):
            "cannot close the cycle without an action plan (the cycle is \(state.label); next: \(state.nextStep))"
        case .cycleClosed(let id):
            "cycle \(id) is closed and cannot change"
        }
    }

    private func list(_ numbers: [Int]) -> String {
        numbers.map(String.init).joined(separator: ", ")
    }
}
