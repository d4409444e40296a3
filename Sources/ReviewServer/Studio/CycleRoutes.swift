import Foundation
import Hummingbird

/// The cycle board's API: cycles of a lesson, start, suggestions, library search, pick,
/// notes, plan, close, and the packet as a zip download.
enum CycleRoutes {
    static func add(to api: RouterGroup<ReviewRequestContext>, studio: StudioLibrary) {
        let limit = ReviewServerConfiguration.defaultBodyLimit
        api.get("lessons/{id}/cycles") { _, context in
            let id = try StudioRoutes.lessonID(context)
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try studio.cycles(lessonID: id) })
        }
        api.post("lessons/{id}/cycles") { request, context in
            let id = try StudioRoutes.lessonID(context)
            let body = try await RequestBody.decode(StartCycleRequest.self, from: request, limit: limit)
            let cycle = try await BlockingIO.run { () throws(APIError) in try studio.startCycle(lessonID: id, body) }
            return JSONResponse.make(cycle, status: .created)
        }
        api.get("cycles/{cycle}") { _, context in
            let id = try cycleID(context)
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try studio.cycle(id: id) })
        }
        api.get("cycles/{cycle}/suggestions") { _, context in
            let id = try cycleID(context)
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try studio.suggestions(cycleID: id) })
        }
        api.get("cycles/{cycle}/library") { request, context in
            let id = try cycleID(context)
            let query = request.uri.queryParameters
            func value(_ name: String) -> String? {
                query[name[...]].map(String.init).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            }
            let (code, score, grade, text) = (value("code"), value("score"), value("grade"), value("text"))
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in
                try studio.searchLibrary(cycleID: id, code: code, score: score, grade: grade, text: text)
            })
        }
        api.post("cycles/{cycle}/pick") { request, context in
            let id = try cycleID(context)
            let body = try await RequestBody.decode(PickRequest.self, from: request, limit: limit)
            return JSONResponse.make(try await studio.pick(cycleID: id, body))
        }
        api.put("cycles/{cycle}/notes/{clip}") { request, context in
            let id = try cycleID(context)
            guard let clip = context.parameters.get("clip").flatMap({ Int($0) }), (1...3).contains(clip) else {
                throw APIError.notFound("notes are for clips 1, 2 and 3")
            }
            let body = try await RequestBody.decode(NoteRequest.self, from: request, limit: limit)
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try studio.writeNote(cycleID: id, clip: clip, body) })
        }
        api.put("cycles/{cycle}/plan") { request, context in
            let id = try cycleID(context)
            let body = try await RequestBody.decode(PlanRequest.self, from: request, limit: limit)
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try studio.setPlan(cycleID: id, body) })
        }
        api.post("cycles/{cycle}/close") { request, context in
            let id = try cycleID(context)
            let body = try await RequestBody.decode(RevisionRequest.self, from: request, limit: limit)
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try studio.close(cycleID: id, revision: body.revision) })
        }
        api.get("cycles/{cycle}/packet.zip") { _, context in
            let id = try cycleID(context)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipcoach-packet-\(UUID().uuidString)")
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw APIError(.internalServerError, "cannot make a temporary folder for the packet")
            }
            let zip = folder.appendingPathComponent("cycle-\(id).zip")
            do {
                try await BlockingIO.run { () throws(APIError) in try studio.packet(cycleID: id, zip: zip) }
            } catch {
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
            guard let input = FileHandle(forReadingAtPath: zip.path) else {
                try? FileManager.default.removeItem(at: folder)
                throw APIError(.internalServerError, "cannot read the packet's zip")
            }
            // Open, then removed: the file lives until the download is sent, and nothing stays behind.
            try? FileManager.default.removeItem(at: folder)
            var headers = HTTPFields()
            headers[.contentType] = "application/zip"
            headers[.contentDisposition] = "attachment; filename=\"cycle-\(id)-packet.zip\""
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                defer { try? input.close() }
                while let piece = try input.read(upToCount: 1 << 20), !piece.isEmpty {
                    try await writer.write(ByteBuffer(bytes: piece))
                }
                try await writer.finish(nil)
            })
        }
    }

    static func cycleID(_ context: ReviewRequestContext) throws(APIError) -> Int {
        guard let text = context.parameters.get("cycle"), let id = Int(text), id > 0 else {
            throw APIError.notFound("no coaching cycle '\(context.parameters.get("cycle") ?? "")'")
        }
        return id
    }
}
