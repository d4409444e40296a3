@testable import Catalog
import ClipCoachCore
import Foundation
import Testing

/// `library search --grade` compares grades as `GradeLevel.parse` reads them. SQLite calls
/// the Swift rule; PostgreSQL runs its own copy (GradeLevelSQL). The two must agree on
/// every way a grade is written, and on what is not a grade.
@Suite("grade level on PostgreSQL")
struct GradeLevelParityTests {
    static let written = [
        "4", "4th", "Grade 4", "grade 4", "GRADE 4", " grade4 ", "gr. 4", "Gr.4", "gr 4", "1st", "2nd", "3rd", "12th",
        "K", "k", "Kindergarten", "Grade K", "pre-k", "PreK", "PK", "Algebra I", "algebra 2", "Geometry", "grade geometry",
        "0", "13", "4.5", "four", "th", "grade", "", "   ", "4 th", "04", "0000000000004", "99999999999999999999",
        "grade  4", "4thth", "\t4\n", "gr. k",
    ]

    @Test("the PostgreSQL function answers as GradeLevel.parse for every way a grade is written")
    func parity() async throws {
        if PostgresTestDatabase.skipMessage("grade level parity") != nil { return }
        let url = try PostgresTestDatabase.make("gradeparity")
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("grade-parity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: media) }
        let catalog = try await PostgresTestDatabase.catalog(url, media: media)
        for text in Self.written {
            let answer = try await catalog.session { session in
                try await session.value(Int64.self, "SELECT clipcoach_grade_level(?)", [text.databaseValue])
            }
            #expect(answer.map(Int.init) == GradeLevel.parse(text), "\(text.debugDescription)")
        }
        await catalog.close()
    }
}
