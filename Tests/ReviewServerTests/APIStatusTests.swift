import Catalog
import ClipCoachCore
import Failures
import Hummingbird
@testable import ReviewServer
import Testing

/// Every category has one HTTP status, and module errors reach it through their category.
@Suite struct APIStatusTests {
    @Test func eachCategoryHasOneStatus() {
        let expected: [FailureCategory: HTTPResponse.Status] = [
            .usage: .unprocessableContent, .data: .unprocessableContent, .noInput: .notFound,
            .unavailable: .conflict, .temporary: .conflict, .noPermission: .forbidden,
            .cannotCreate: .internalServerError, .io: .internalServerError, .software: .internalServerError,
        ]
        for category in FailureCategory.allCases {
            #expect(APIError.status(for: category) == expected[category], "\(category)")
        }
    }

    @Test func moduleErrorsGoThroughTheirCategory() {
        let junk = CatalogError(.damaged, path: "library.sqlite", message: "not a catalog")
        #expect(APIError(junk).status == .unprocessableContent)
        #expect(APIError(CatalogError(.busy, path: "", message: "locked")).status == .conflict)
        let draft = ReviewError.notAllowed(path: "a.json", action: .accept, state: .draft)
        #expect(APIError(draft).status == .conflict)
        #expect(APIError(ReviewError.staleRevision(path: "a.json", expected: 1, current: 2)).status == .conflict)
        #expect(APIError(SidecarError(.unknownCode, path: "a.json", message: "no")).status == .unprocessableContent)
        #expect(APIError(SidecarError(.notFound, path: "a.json", message: "no")).status == .notFound)
    }
}
