import Foundation

// The only ways a cycle changes. Each checks the order of the steps first, then the
// rules of its own step; on any error the cycle is left as it was.

extension CoachingCycle {
    /// A new cycle in the `planned` state.
    public static func start(teacher: String, grade: String? = nil, lesson: LessonReference, focusCodes: [String],
                             codebook: Codebook, bounds: ClipLengthBounds = .standard, previousCycleID: Int? = nil,
                             now: String = Sidecar.timestamp()) throws(CycleError) -> CoachingCycle {
        let name = teacher.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .emptyTeacher }
        if let problem = SafeText.problem(inPersonName: name, field: "teacher") { throw .unusableText(problem: problem) }
        if let grade, let problem = SafeText.problem(inName: grade, field: "grade") { throw .unusableText(problem: problem) }
        try CycleRules.checkFocus(focusCodes, list: .focus, codebook: codebook)
        try CycleRules.checkBounds(bounds)
        let cleanGrade = grade?.trimmingCharacters(in: .whitespacesAndNewlines)
        return CoachingCycle(teacher: name, grade: cleanGrade?.isEmpty == true ? nil : cleanGrade, lesson: lesson,
                             codebookID: codebook.id, codebookVersion: codebook.version, focusCodes: focusCodes,
                             bounds: bounds, previousCycleID: previousCycleID, createdAt: now)
    }

    /// Whether clips may be (re)picked now: before any note is written.
    public func checkCanPick() throws(CycleError) {
        if state == .closed { throw .cycleClosed(id: id) }
        let written = notes.map(\.clip).sorted()
        guard written.isEmpty else { throw .clipsAlreadyDiscussed(notes: written) }
    }

    /// Chooses the two teacher clips and the library clip: `clipsChosen`. `catalog` holds
    /// the catalog's facts for the ids asked for (an id missing from it is not in the
    /// catalog); `ownLessonFingerprints` are the fingerprints of the teacher's lessons.
    /// The teacher clips get their cut files later (`recordCut`).
    public mutating func chooseClips(teacher windows: [CycleRules.TeacherWindow], library ids: [String],
                                     catalog: [String: LibraryClipFacts], ownLessonFingerprints: Set<String>,
                                     now: String = Sidecar.timestamp()) throws(CycleError) {
        try checkCanPick()
        try CycleRules.checkTeacherClips(windows, lesson: lesson, bounds: bounds)
        let facts = try CycleRules.checkLibraryClip(ids, found: catalog, teacher: teacher,
                                                   ownLessonFingerprints: ownLessonFingerprints.union([lesson.fingerprint]))
        teacherClips = windows.enumerated().map { index, candidate in
            TeacherClip(number: index + 1, label: candidate.label ?? "teacher clip \(index + 1)", requested: candidate.window)
        }
        libraryClip = facts.choice
        state = .clipsChosen
        updatedAt = now
    }

    /// Records what the cut of teacher clip `number` wrote (not a step of its own).
    /// Returns false when there is no such teacher clip.
    @discardableResult
    public mutating func recordCut(clip number: Int, actual: ClipWindow, files: ClipFilePaths) -> Bool {
        guard let index = teacherClips.firstIndex(where: { $0.number == number }) else { return false }
        teacherClips[index].actual = actual
        teacherClips[index].files = files
        return true
    }

    /// Writes (or rewrites) the note of one clip. When all three clips have notes the
    /// conversation counts as held.
    public mutating func writeNote(_ note: ClipNote, now: String = Sidecar.timestamp()) throws(CycleError) {
        switch state {
        case .closed: throw .cycleClosed(id: id)
        case .planned: throw .outOfOrder(action: .note, state: state)
        case .clipsChosen, .conversationHeld, .actionPlanSet: break
        }
        try CycleRules.checkNote(note)
        var written = note
        written.updatedAt = now
        notes.removeAll { $0.clip == note.clip }
        notes.append(written)
        notes.sort { $0.clip < $1.clip }
        if state == .clipsChosen && clipsWithoutNotes.isEmpty { state = .conversationHeld }
        updatedAt = now
    }

    /// Writes the parts given of one clip's note and keeps the others, so notes can be taken
    /// as the conversation goes; the conversation is held once every clip's note is complete.
    @discardableResult
    public mutating func writeNoteParts(clip: Int, describe: String?, elevate: String?, nextSteps: String?,
                                        now: String = Sidecar.timestamp()) throws(CycleError) -> ClipNote {
        switch state {
        case .closed: throw .cycleClosed(id: id)
        case .planned: throw .outOfOrder(action: .note, state: state)
        case .clipsChosen, .conversationHeld, .actionPlanSet: break
        }
        guard Self.clipNumbers.contains(clip) else { throw .noteForUnknownClip(number: clip) }
        let given: [(NoteField, String?)] = [(.describe, describe), (.elevate, elevate), (.nextSteps, nextSteps)]
        for case let (field, text?) in given where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .emptyNote(clip: clip, field: field)
        }
        var written = note(for: clip) ?? ClipNote(clip: clip, describe: "", elevate: "", nextSteps: "")
        if let describe { written.describe = describe }
        if let elevate { written.elevate = elevate }
        if let nextSteps { written.nextSteps = nextSteps }
        written.updatedAt = now
        notes.removeAll { $0.clip == clip }
        notes.append(written)
        notes.sort { $0.clip < $1.clip }
        if state == .clipsChosen && clipsWithoutNotes.isEmpty { state = .conversationHeld }
        updatedAt = now
        return written
    }

    /// Sets (or replaces) the action plan: needs the conversation held.
    public mutating func setPlan(_ plan: ActionPlan, codebook: Codebook, now: String = Sidecar.timestamp()) throws(CycleError) {
        switch state {
        case .closed: throw .cycleClosed(id: id)
        case .planned: throw .outOfOrder(action: .plan, state: state)
        case .clipsChosen: throw .conversationNotHeld(missingNotes: clipsWithoutNotes)
        case .conversationHeld, .actionPlanSet: break
        }
        try CycleRules.checkPlan(plan, codebook: codebook)
        var set = plan
        set.setAt = now
        self.plan = set
        state = .actionPlanSet
        updatedAt = now
    }

    /// Closes the cycle: needs an action plan. A closed cycle never changes again.
    public mutating func close(now: String = Sidecar.timestamp()) throws(CycleError) {
        switch state {
        case .closed: throw .cycleClosed(id: id)
        case .planned, .clipsChosen, .conversationHeld: throw .closingNeedsPlan(state: state)
        case .actionPlanSet: break
        }
        state = .closed
        closedAt = now
        updatedAt = now
    }
}
