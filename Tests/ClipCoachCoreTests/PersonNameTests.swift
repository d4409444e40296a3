import ClipCoachCore
import Testing

/// Names that look alike are one person; invisible characters are refused in names.
@Suite struct PersonNameTests {
    @Test func invisibleCharactersDoNotMakeAnotherPerson() {
        for lookalike in ["an\u{200B}a", "a\u{00AD}na", "ana\u{2060}", "\u{FEFF}ana", "an\u{200D}a", "An\u{200C}A", "an\u{E0041}a"] {
            #expect(PersonName.same(lookalike, "ana"), "\(lookalike.debugDescription) is 'ana' with an invisible character")
        }
        #expect(!PersonName.same("anna", "ana"))
    }

    @Test func controlAndFormatCharactersAreRefusedInNames() {
        for bad in ["ana\u{9B}2J", "ana\u{7F}", "an\u{200B}a", "a\u{00AD}na", "ana\u{2061}", "ana\u{206F}", "ana\u{FFFB}",
                    "ana\u{180E}", "ana\u{E0001}", "ana\u{E007F}", "\u{FEFF}ana"] {
            #expect(SafeText.problem(inName: bad, field: "by") != nil, "\(bad.debugDescription) accepted")
        }
        for good in ["Ana", "José Núñez", "李华", "O'Brien-Smith"] {
            #expect(SafeText.problem(inName: good, field: "by") == nil, "\(good) refused")
        }
        #expect(!SafeText.escaped("an\u{200B}a").unicodeScalars.contains("\u{200B}"), "printed escaped")
    }
}
