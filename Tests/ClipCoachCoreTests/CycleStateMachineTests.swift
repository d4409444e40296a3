import ClipCoachCore
import Foundation
import Testing

/// planned -> clips chosen -> conversation held -> action plan set -> closed; no step skipped.
@Suite("coaching cycle states")
struct CycleStateMachineTests {
    typealias F = CycleFixtures

    @Test func aWholeCycleWalksEveryState() throws {
        var cycle = try F.planned()
        #expect(cycle.state == .planned)
        try cycle.chooseClips(teacher: [F.window(60, 150), F.window(600, 700)], library: ["7"], catalog: F.catalog,
                              ownLessonFingerprints: [])
        #expect(cycle.state == .clipsChosen)
        #expect(cycle.teacherClips.map(\.number) == [1, 2])
        #expect(cycle.libraryClip?.clipID == "7")
        try cycle.writeNote(F.note(3))
        try cycle.writeNote(F.note(1))
        #expect(cycle.state == .clipsChosen, "two of three notes: the conversation is not over")
        try cycle.writeNote(F.note(2))
        #expect(cycle.state == .conversationHeld)
        #expect(cycle.notes.map(\.clip) == [1, 2, 3])
        try cycle.setPlan(ActionPlan(goals: ["Ask why twice"], nextFocusCodes: ["wwsm.student-contributions"]), codebook: F.mqi)
        #expect(cycle.state == .actionPlanSet)
        try cycle.close(now: "2026-02-01T10:00:00.000Z")
        #expect(cycle.state == .closed)
        #expect(cycle.closedAt == "2026-02-01T10:00:00.000Z")
    }

    @Test func notesNeedChosenClips() throws {
        var cycle = try F.planned()
        let error = F.error { try cycle.writeNote(F.note(1)) }
        #expect(error == .outOfOrder(action: .note, state: .planned))
        #expect(error?.description == "cannot write notes: the cycle is planned; next: pick two teacher clips and one library clip")
    }

    @Test func planCannotSkipThePick() throws {
        var cycle = try F.planned()
        let mqi = try F.mqi
        let error = F.error { try cycle.setPlan(ActionPlan(goals: ["g"], nextFocusCodes: ["richness.explanations"]), codebook: mqi) }
        #expect(error == .outOfOrder(action: .plan, state: .planned))
        #expect(error?.description == "cannot set the action plan: the cycle is planned; next: pick two teacher clips and one library clip")
    }

    @Test func planCannotSkipTheConversation() throws {
        var cycle = try F.chosen()
        try cycle.writeNote(F.note(1))
        let mqi = try F.mqi
        let error = F.error { try cycle.setPlan(ActionPlan(goals: ["g"], nextFocusCodes: ["richness.explanations"]), codebook: mqi) }
        #expect(error == .conversationNotHeld(missingNotes: [2, 3]))
        #expect(error?.description == "cannot set the action plan before the conversation: no notes yet for clips 2, 3")
        #expect(cycle.plan == nil)
    }

    @Test(arguments: [CycleState.planned, .clipsChosen, .conversationHeld])
    func closingNeedsAPlan(state: CycleState) throws {
        var cycle: CoachingCycle = switch state {
        case .planned: try F.planned()
        case .clipsChosen: try F.chosen()
        default: try F.discussed()
        }
        #expect(cycle.state == state)
        let error = F.error { try cycle.close() }
        #expect(error == .closingNeedsPlan(state: state))
        #expect(error?.description == "cannot close the cycle without an action plan (the cycle is \(state.label); next: \(state.nextStep))")
        #expect(cycle.state == state)
    }

    @Test func aClosedCycleNeverChanges() throws {
        var cycle = try F.planSet()
        try cycle.close()
        let closed = cycle
        let mqi = try F.mqi
        let errors = [
            F.error { try cycle.chooseClips(teacher: [F.window(0, 60), F.window(100, 160)], library: ["7"],
                                            catalog: F.catalog, ownLessonFingerprints: []) },
            F.error { try cycle.writeNote(F.note(1)) },
            F.error { try cycle.setPlan(ActionPlan(goals: ["g"], nextFocusCodes: ["richness.explanations"]), codebook: mqi) },
            F.error { try cycle.close() },
        ]
        #expect(errors.allSatisfy { $0 == .cycleClosed(id: 1) })
        #expect(errors.first??.description == "cycle 1 is closed and cannot change")
        #expect(cycle == closed)
    }

    @Test func notesAndPlanCanBeRevisedBeforeClosing() throws {
        var cycle = try F.planSet()
        try cycle.writeNote(F.note(2, describe: "Revised after watching again."))
        #expect(cycle.state == .actionPlanSet)
        #expect(cycle.note(for: 2)?.describe == "Revised after watching again.")
        try cycle.setPlan(ActionPlan(goals: ["One", "Two"], nextFocusCodes: ["errors.imprecision", "richness.language"]),
                          codebook: F.mqi)
        #expect(cycle.plan?.goals == ["One", "Two"])
        #expect(cycle.state == .actionPlanSet)
    }

    @Test func theCycleRoundTripsThroughJSON() throws {
        let cycle = try F.planSet()
        let data = try JSONEncoder().encode(cycle)
        #expect(try JSONDecoder().decode(CoachingCycle.self, from: data) == cycle)
        #expect(String(decoding: data, as: UTF8.self).contains("\"state\":\"action-plan-set\""))
    }
}
