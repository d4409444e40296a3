import ClipCoachCore
import GRDB

/// A cycle as rows, and rows as a cycle. Every save rewrites the child rows of the
/// cycle in the same transaction as its main row, so readers see one whole version.
enum CycleRowMapping {
    struct Rows {
        var cycle: CycleRow
        var codes: [CycleCodeRow]
        var clips: [CycleClipRow]
        var notes: [CycleNoteRow]
        var goals: [CycleGoalRow]
    }

    static func rows(of cycle: CoachingCycle, id: Int64?) throws(CycleStoreError) -> Rows {
        let main = CycleRow(
            id: id, revision: cycle.revision, teacher: cycle.teacher,
            teacherKey: CoachingCycle.normalizedTeacher(cycle.teacher), grade: cycle.grade,
            lessonPath: cycle.lesson.path, lessonFingerprint: cycle.lesson.fingerprint, lessonDuration: cycle.lesson.duration,
            codebookId: cycle.codebookID, codebookVersion: cycle.codebookVersion,
            minClipLength: cycle.bounds.minimum, maxClipLength: cycle.bounds.maximum, state: cycle.state.rawValue,
            previousCycleId: cycle.previousCycleID.map(Int64.init), clipFolder: cycle.clipFolder,
            planSetAt: cycle.plan?.setAt, createdAt: cycle.createdAt, updatedAt: cycle.updatedAt, closedAt: cycle.closedAt)
        let cycleID = id ?? 0
        let focus = cycle.focusCodes.enumerated().map { position, code in
            CycleCodeRow(cycleId: cycleID, purpose: FocusList.focus.rawValue, position: position, code: code)
        }
        let next = (cycle.plan?.nextFocusCodes ?? []).enumerated().map { position, code in
            CycleCodeRow(cycleId: cycleID, purpose: FocusList.nextFocus.rawValue, position: position, code: code)
        }
        var clips = cycle.teacherClips.map { clip in
            CycleClipRow(cycleId: cycleID, number: clip.number, kind: "teacher", label: clip.label, libraryClipId: nil,
                         requestedStart: clip.requested.start, requestedEnd: clip.requested.end,
                         actualStart: clip.actual?.start, actualEnd: clip.actual?.end,
                         duration: (clip.actual ?? clip.requested).length, grade: nil,
                         mediaPath: clip.files.media, posterPath: clip.files.poster, sidecarPath: clip.files.sidecar)
        }
        if let library = cycle.libraryClip {
            guard let catalogID = Int64(library.clipID) else {
                throw .notACatalogClipID(library.clipID)
            }
            clips.append(CycleClipRow(
                cycleId: cycleID, number: LibraryClipChoice.number, kind: "library", label: library.label,
                libraryClipId: catalogID, requestedStart: nil, requestedEnd: nil, actualStart: nil, actualEnd: nil,
                duration: library.duration, grade: library.grade, mediaPath: library.files.media,
                posterPath: library.files.poster, sidecarPath: library.files.sidecar))
        }
        let notes = cycle.notes.map { note in
            CycleNoteRow(cycleId: cycleID, clipNumber: note.clip, describeText: note.describe, elevateText: note.elevate,
                         nextStepsText: note.nextSteps, updatedAt: note.updatedAt)
        }
        let goals = (cycle.plan?.goals ?? []).enumerated().map { position, goal in
            CycleGoalRow(cycleId: cycleID, position: position, goal: goal)
        }
        return Rows(cycle: main, codes: focus + next, clips: clips, notes: notes, goals: goals)
    }

    /// Reads the whole cycle with id `id`; nil when there is none.
    static func fetch(id: Int64, in session: any CatalogSession) throws -> CoachingCycle? {
        let key = [id.databaseValue]
        guard let row = try session.rows("SELECT * FROM coaching_cycle WHERE id = ?", key).first else { return nil }
        let codes = try session.rows("SELECT * FROM coaching_cycle_code WHERE cycle_id = ? ORDER BY purpose, position", key)
        let clips = try session.rows("SELECT * FROM coaching_cycle_clip WHERE cycle_id = ? ORDER BY number", key)
        let notes = try session.rows("SELECT * FROM coaching_cycle_note WHERE cycle_id = ? ORDER BY clip_number", key)
        let goals = try session.rows("SELECT * FROM coaching_cycle_goal WHERE cycle_id = ? ORDER BY position", key)
        return try cycle(from: Rows(cycle: try CycleRow(row: row), codes: try codes.map(CycleCodeRow.init(row:)),
                                    clips: try clips.map(CycleClipRow.init(row:)), notes: try notes.map(CycleNoteRow.init(row:)),
                                    goals: try goals.map(CycleGoalRow.init(row:))))
    }

    static func cycle(from rows: Rows) throws -> CoachingCycle {
        let row = rows.cycle
        guard let state = CycleState(rawValue: row.state), let id = row.id else {
            throw DatabaseError(message: "coaching_cycle \(row.id ?? 0): unknown state '\(row.state)'")
        }
        func codes(_ list: FocusList) -> [String] { rows.codes.filter { $0.purpose == list.rawValue }.map(\.code) }
        let teacherClips = rows.clips.filter { $0.kind == "teacher" }.map { clip in
            TeacherClip(number: clip.number, label: clip.label ?? "teacher clip \(clip.number)",
                        requested: ClipWindow(start: clip.requestedStart ?? 0, end: clip.requestedEnd ?? 0),
                        actual: clip.actualStart.flatMap { start in clip.actualEnd.map { ClipWindow(start: start, end: $0) } },
                        files: ClipFilePaths(media: clip.mediaPath, poster: clip.posterPath, sidecar: clip.sidecarPath))
        }
        let library = rows.clips.first { $0.kind == "library" }.map { clip in
            LibraryClipChoice(clipID: clip.libraryClipId.map { String($0) } ?? "", label: clip.label,
                              duration: clip.duration ?? 0, grade: clip.grade,
                              files: ClipFilePaths(media: clip.mediaPath, poster: clip.posterPath, sidecar: clip.sidecarPath))
        }
        let notes = rows.notes.map { note in
            ClipNote(clip: note.clipNumber, describe: note.describeText, elevate: note.elevateText,
                     nextSteps: note.nextStepsText, updatedAt: note.updatedAt)
        }
        let plan = row.planSetAt.map { setAt in
            ActionPlan(goals: rows.goals.map(\.goal), nextFocusCodes: codes(.nextFocus), setAt: setAt)
        }
        return CoachingCycle(
            id: Int(id), revision: row.revision, teacher: row.teacher, grade: row.grade,
            lesson: LessonReference(path: row.lessonPath, fingerprint: row.lessonFingerprint, duration: row.lessonDuration),
            codebookID: row.codebookId, codebookVersion: row.codebookVersion, focusCodes: codes(.focus),
            bounds: ClipLengthBounds(minimum: row.minClipLength, maximum: row.maxClipLength), state: state,
            teacherClips: teacherClips, libraryClip: library, notes: notes, plan: plan,
            previousCycleID: row.previousCycleId.map { Int($0) }, clipFolder: row.clipFolder,
            createdAt: row.createdAt, updatedAt: row.updatedAt, closedAt: row.closedAt)
    }

    /// Writes every row of `rows` for cycle `id`, replacing what was there.
    static func write(_ rows: Rows, id: Int64, in session: any CatalogSession) throws {
        for table in [CycleCodeRow.databaseTableName, CycleClipRow.databaseTableName,
                      CycleNoteRow.databaseTableName, CycleGoalRow.databaseTableName] {
            try session.execute("DELETE FROM \(table) WHERE cycle_id = ?", [id.databaseValue])
        }
        for var code in rows.codes { code.cycleId = id; try session.insert(code) }
        for var clip in rows.clips { clip.cycleId = id; try session.insert(clip) }
        for var note in rows.notes { note.cycleId = id; try session.insert(note) }
        for var goal in rows.goals { goal.cycleId = id; try session.insert(goal) }
    }
}
