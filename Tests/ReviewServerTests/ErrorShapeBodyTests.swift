import ClipCoachCore
import Failures
import Foundation
import Hummingbird
@testable import ReviewServer
import Testing

/// The API's one error shape: category, subject and message, whatever refused the request
/// (a module error, a route, Hummingbird's router), and never a path on the server.
@Suite struct ErrorShapeBodyTests {
    static func body(_ error: APIError) throws -> [String: Any] {
        let data = try JSONEncoder().encode(error.body)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["error"] as? [String: Any])
    }

    @Test func aModuleErrorKeepsItsCategoryAndNamesItsFileByName() throws {
        let error = APIError(SidecarError(.notFound, path: "/srv/coach/lessons/a.json", message: "no such file"))
        let body = try Self.body(error)
        #expect(body["status"] as? Int == 404)
        #expect(body["category"] as? String == "noInput")
        #expect(body["subject"] as? String == "a.json")
        let message = try #require(body["message"] as? String)
        #expect(message.contains("a.json") && !message.contains("/srv/"), "\(message)")
    }

    @Test func aRefusalMadeByStatusGetsTheCategoryOfItsStatus() throws {
        let expected: [(HTTPResponse.Status, FailureCategory)] = [
            (.badRequest, .usage), (.notFound, .noInput), (.conflict, .temporary), (.contentTooLarge, .usage),
            (.unprocessableContent, .data), (.forbidden, .noPermission), (.unauthorized, .noPermission),
            (.unsupportedMediaType, .usage), (.rangeNotSatisfiable, .usage), (.internalServerError, .software),
        ]
        for (status, category) in expected {
            #expect(APIError(status, "refused").category == category, "\(status)")
        }
        // Where a category has a status of its own, the two agree.
        for category in [FailureCategory.noInput, .temporary, .noPermission, .data] {
            #expect(APIError.category(for: APIError.status(for: category)) == category, "\(category)")
        }
    }

    @Test func hummingbirdsOwnRefusalsComeInTheSameShape() throws {
        let unknown = try Self.body(APIError(other: HTTPError(.notFound)))
        #expect(unknown["status"] as? Int == 404)
        #expect(unknown["category"] as? String == "noInput")
        #expect(unknown["subject"] as? String == "")
        #expect((unknown["message"] as? String)?.isEmpty == false)
        let said = try Self.body(APIError(other: HTTPError(.badRequest, message: "Invalid percent encoding in URL")))
        #expect(said["message"] as? String == "Invalid percent encoding in URL")
        #expect(said["category"] as? String == "usage")
    }
}
