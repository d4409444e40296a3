import Foundation
import Hummingbird

/// Serves web page files carried in the binary (see Plugins/EmbedResources), so an installed
/// `clipcoach` needs no folder of files beside it. `/` and `/dir/` answer with `index.html`.
/// Anything it does not hold goes on to the next responder (the API routes).
public struct EmbeddedFileMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The bytes of one embedded file by its module-relative name, e.g. "Public/index.html".
    let file: @Sendable (String) -> Data?
    /// The folder the URL paths map into, e.g. "Public".
    let folder: String

    public init(folder: String, file: @escaping @Sendable (String) -> Data?) {
        self.folder = folder
        self.file = file
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head,
              let name = Self.resourceName(urlPath: request.uri.path, folder: folder),
              let data = file(name) else {
            return try await next(request, context)
        }
        var headers = HTTPFields()
        headers[.contentType] = MediaTypes.type(forFile: name)
        headers[.contentLength] = String(data.count)
        // The files change only with the binary: let the browser check each time, cheaply.
        headers[.cacheControl] = "no-cache"
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `/` -> `Public/index.html`, `/clip.js` -> `Public/clip.js`; nil for paths that try to
    /// leave the folder or name hidden files (an embedded table has none, but say no early).
    static func resourceName(urlPath: String, folder: String) -> String? {
        let decoded = urlPath.removingPercentEncoding ?? urlPath
        var parts = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.contains(where: { $0.hasPrefix(".") || $0.contains("\\") }) { return nil }
        if decoded.hasSuffix("/") || parts.isEmpty { parts.append("index.html") }
        return ([folder] + parts).joined(separator: "/")
    }
}
