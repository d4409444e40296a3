import ClipCoachKit
import Foundation
import Hummingbird

/// POST /api/lessons?name=FILE: the request body is the video, streamed to a hidden file in
/// the first lessons folder as it arrives (memory stays flat whatever the size), then probed,
/// renamed into place with a safe name, given a lesson sidecar and catalogued. A refused
/// upload (too large, not a video, cut off) removes the staged file: nothing is left.
enum UploadRoute {
    static func add(to api: RouterGroup<ReviewRequestContext>, studio: StudioLibrary) {
        api.post("lessons") { request, context in
            guard let folder = studio.lessonFolders.first else {
                throw APIError(.conflict, "uploads need a lessons folder, and this studio was started without one")
            }
            guard let name = request.uri.queryParameters["name"].map(String.init), !name.isEmpty else {
                throw APIError.badRequest("name: give the file's name (?name=lesson.mp4)")
            }
            let limit = studio.maxUpload
            if let declared = request.headers[.contentLength].flatMap({ Int64($0) }), declared > limit {
                throw APIError(.contentTooLarge, "the file is \(declared) bytes; this studio takes at most \(limit) (its upload limit)")
            }
            let staged = LessonIntake.stagingURL(in: folder)
            do {
                try await StagedUpload.write(LimitedBody(base: request.body, limit: limit), to: staged)
            } catch let error as UploadTooLarge {
                try? FileManager.default.removeItem(at: staged)
                throw APIError(.contentTooLarge, "the file is over \(error.limit) bytes (this studio's upload limit)")
            } catch {
                try? FileManager.default.removeItem(at: staged)
                // The detail may name the staging path: it goes to the log, not to the browser.
                context.logger.warning("studio upload of \(name) stopped: \(error)")
                throw APIError(.badRequest, "the upload of \(name) did not complete (connection closed or disk full); nothing was kept")
            }
            let lesson = try await BlockingIO.run { () throws(APIError) in
                do throws(LessonIntakeError) {
                    return try LessonIntake.accept(staged: staged, originalName: name, folder: folder)
                } catch {
                    throw APIError(error.kind == .cannotWrite ? .internalServerError : .unprocessableContent, error.message)
                }
            }
            for problem in await studio.ingest([lesson.path]) { context.logger.warning("studio upload: \(problem)") }
            let listed = try await BlockingIO.run { () throws(APIError) in try studio.lessons() }
            guard let summary = listed.first(where: { $0.label == lesson.deletingPathExtension().lastPathComponent }) else {
                throw APIError(.internalServerError, "\(lesson.lastPathComponent) was saved but could not be catalogued")
            }
            return JSONResponse.make(summary, status: .created)
        }
    }
}

/// The request body, refused once it passes `limit` bytes.
struct LimitedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    let limit: Int64

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int64
        var count: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            count += Int64(buffer.readableBytes)
            if count > limit { throw UploadTooLarge(limit: limit) }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }
}

/// Writes an arriving body to a new file, each piece as it comes with a plain `write(2)` on the
/// task's thread: a piece is tens of KiB into the page cache, microseconds, where handing each
/// to an I/O thread pool (Hummingbird's FileIO) and back held uploads to ~200 MB/s. Only one
/// piece is held at a time; the body's own backpressure paces the client.
enum StagedUpload {
    struct WriteFailed: Error { let errno: Int32 }

    static func write<Body: AsyncSequence>(_ body: Body, to url: URL) async throws where Body.Element == ByteBuffer {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteFailed(errno: errno) }
        defer { close(descriptor) }
        for try await piece in body {
            try piece.withUnsafeReadableBytes { bytes throws(WriteFailed) in
                guard let base = bytes.baseAddress else { return }  // an empty piece
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw WriteFailed(errno: errno)
                    }
                    offset += written
                }
            }
        }
    }
}

/// The body went past `--max-upload` while arriving.
struct UploadTooLarge: Error { let limit: Int64 }
