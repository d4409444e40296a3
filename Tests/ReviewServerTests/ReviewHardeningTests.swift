import Catalog
import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// The review server's defenses, each against a real `clipcoach review serve` on loopback
/// (docs/review.md, "What is defended and how it is tested").
@Suite(.serialized) struct ReviewHardeningTests {
    static let framingHeaders = ["content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"]

    /// DNS rebinding: a name that starts with `127.` but is not a loopback literal reads nothing and writes nothing.
    @Test func aRebindingHostNameIsRefused() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog)
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let a = try fixture.id("a")
        let evil = "127.0.0.1.attacker.example:\(http.port)"
        let read = try http.request("GET", "/api/clips", host: evil)
        #expect(read.status == 403, "\(read.status) \(read.text)")
        #expect(!read.text.contains("\"label\""), "no clip data goes to a rebinding name")
        let before = try fixture.revision("a")
        let write = try http.json("POST", "/api/clips/\(a)/annotations",
                                  ["revision": before, "code": "richness.explanations", "score": "low", "rater": "mallory"],
                                  host: evil, headers: ["Origin": "http://\(evil)"])
        #expect(write.status == 403)
        #expect(try fixture.revision("a") == before, "the sidecar is untouched")
        for host in ["127.0.0.1:\(http.port)", "localhost:\(http.port)", "127.1.2.3:\(http.port)"] {
            #expect(try http.request("GET", "/api/clips", host: host).status == 200, "\(host)")
        }
        for host in ["127.0.0.1.nip.io:\(http.port)", "localhost.attacker.example:\(http.port)", "127.evil:\(http.port)"] {
            #expect(try http.request("GET", "/api/clips", host: host).status == 403, "\(host)")
        }
        // Such a name does not count as loopback for --host either: it needs a token.
        let started = try clipcoach("review", "serve", "--catalog", fixture.catalog, "--host", "127.0.0.1.attacker.example",
                                    "--port", "0", timeout: 30)
        #expect(started.status == 64, "\(started.stderr)")
        #expect(started.stderr.contains("access token"), "\(started.stderr)")
    }

    /// Pages, API answers and errors all carry the headers that stop framing and sniffing.
    @Test func everyAnswerCarriesTheFramingHeaders() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog)
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let a = try fixture.id("a")
        let answers = [
            ("page", try http.request("GET", "/")), ("clip page", try http.request("GET", "/clip.html?id=\(a)")),
            ("script", try http.request("GET", "/clip.js")), ("API", try http.request("GET", "/api/clips/\(a)")),
            ("media", try http.request("GET", "/api/clips/\(a)/media", headers: ["Range": "bytes=0-9"])),
            ("404", try http.request("GET", "/api/clips/999999")), ("unknown path", try http.request("GET", "/nowhere")),
            ("403", try http.request("GET", "/api/clips", host: "evil.example")),
        ]
        for (what, answer) in answers {
            for header in Self.framingHeaders {
                #expect(answer.headers[header] != nil, "\(what) (\(answer.status)) lacks \(header)")
            }
            #expect(answer.headers["x-frame-options"] == "DENY", "\(what)")
            #expect(answer.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true, "\(what)")
            #expect(answer.headers["x-content-type-options"] == "nosniff", "\(what)")
            #expect(answer.headers["referrer-policy"] == "no-referrer", "\(what)")
        }
    }

    /// Swapping a library file for a link to a file outside the library while ranges are
    /// fetched never serves the outside file's bytes.
    @Test func aSymlinkSwapNeverServesAnOutsideFile() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog)
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let a = try fixture.id("a")
        let media = fixture.media("a").path
        let secretText = "SECRET-OUTSIDE-THE-LIBRARY-"
        let outside = try Fixtures.temporaryFolder("outside").appendingPathComponent("secret.bin")
        try Data(String(repeating: secretText, count: 4000).utf8).write(to: outside)
        let original = media + ".orig"
        #expect(link(media, original) == 0)

        // A link in place: refused outright.
        let linkPath = media + ".link"
        #expect(symlink(outside.path, linkPath) == 0)
        #expect(rename(linkPath, media) == 0)
        #expect(try http.request("GET", "/api/clips/\(a)/media", headers: ["Range": "bytes=0-26"]).status == 404)
        #expect(try http.request("GET", "/api/clips/\(a)/poster").status != 500)

        // Swapped back and forth while ranges are fetched.
        let stop = Stopwatch()
        let swapper = Thread {
            var swaps = 0
            while !stop.isSet {
                _ = symlink(outside.path, linkPath)
                _ = rename(linkPath, media)
                _ = link(original, linkPath)
                _ = rename(linkPath, media)
                swaps += 1
            }
            stop.count = swaps
        }
        swapper.start()
        var served = 0, leaked = 0
        for _ in 0..<300 {
            let answer = try http.request("GET", "/api/clips/\(a)/media", headers: ["Range": "bytes=0-26"])
            if answer.status == 206 { served += 1 }
            if answer.text.contains("SECRET") { leaked += 1 }
        }
        stop.set()
        while stop.count == nil { usleep(1000) }
        _ = rename(original, media)
        #expect(leaked == 0, "the outside file was served \(leaked) times")
        #expect(served > 0, "the library file was still served while it was in place")
        print("symlink swap: \(stop.count ?? 0) swaps, 300 range requests, \(served) served from the library file, \(leaked) leaked")
    }

    /// The folder on the way swapped for a link to an outside folder holding a file of the
    /// same name: the open never follows a link below the served root, so nothing leaks.
    @Test func aParentFolderSwapNeverServesAnOutsideFile() throws {
        let folder = try Fixtures.temporaryFolder("review-parent-swap")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sub = folder.appendingPathComponent("library/sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let cut = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "10-20=a", "--out", sub.path)
        try #require(cut.status == 0, "\(cut.stderr)")
        let shared = try clipcoach("tag", sub.appendingPathComponent("a.json").path, "--sharing", "coaching", "--by", "coach")
        try #require(shared.status == 0, "\(shared.stderr)")
        let catalog = folder.appendingPathComponent("library.sqlite").path
        let ingest = try clipcoach("library", "ingest", folder.appendingPathComponent("library").path, "--catalog", catalog, timeout: 300)
        try #require(ingest.status == 0, "\(ingest.stderr)")
        let id = try #require(try CatalogDatabase(path: catalog, mustExist: true).reviewableClips().first?.id)
        let outside = folder.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data(String(repeating: "SECRET-OUTSIDE-THE-LIBRARY-", count: 4000).utf8).write(to: outside.appendingPathComponent("a.mp4"))
        try Data("SECRET-POSTER".utf8).write(to: outside.appendingPathComponent("a.jpg"))

        for roots in [[], ["--media-root", folder.appendingPathComponent("library").path]] {
            let server = try ServerProcess(catalog: catalog, extraArguments: roots)
            defer { server.stop() }
            let http = try RawHTTP(url: server.url)
            #expect(try http.request("GET", "/api/clips/\(id)/media", headers: ["Range": "bytes=0-26"]).status == 206)
            let real = sub.path + ".real", linkPath = sub.path + ".link"
            // The folder replaced by a link: refused outright.
            #expect(rename(sub.path, real) == 0 && symlink(outside.path, sub.path) == 0)
            #expect(try http.request("GET", "/api/clips/\(id)/media", headers: ["Range": "bytes=0-26"]).status == 404)
            #expect(!(try http.request("GET", "/api/clips/\(id)/poster").text.contains("SECRET")))
            #expect(unlink(sub.path) == 0 && rename(real, sub.path) == 0)

            // Swapped back and forth while ranges are fetched.
            let stop = Stopwatch()
            let swapper = Thread {
                var swaps = 0
                while !stop.isSet {
                    _ = rename(sub.path, real)
                    _ = symlink(outside.path, linkPath)
                    _ = rename(linkPath, sub.path)
                    _ = unlink(sub.path)
                    _ = rename(real, sub.path)
                    swaps += 1
                }
                stop.count = swaps
            }
            swapper.start()
            var served = 0, leaked = 0
            for index in 0..<300 {
                let path = index % 5 == 0 ? "/api/clips/\(id)/poster" : "/api/clips/\(id)/media"
                let answer = try http.request("GET", path, headers: ["Range": "bytes=0-26"])
                if answer.status == 206 { served += 1 }
                if answer.text.contains("SECRET") { leaked += 1 }
            }
            stop.set()
            while stop.count == nil { usleep(1000) }
            if !FileManager.default.fileExists(atPath: sub.path + "/a.mp4") { _ = unlink(sub.path); _ = rename(real, sub.path) }
            #expect(leaked == 0, "the outside folder's file was served \(leaked) times (roots \(roots))")
            #expect(served > 0, "the library file was still served while its folder was in place")
            print("parent swap \(roots): \(stop.count ?? 0) swaps, 300 requests, \(served) served, \(leaked) leaked")
        }
        // A root the catalog's paths are not under: nothing is served.
        let elsewhere = try ServerProcess(catalog: catalog, extraArguments: ["--media-root", outside.path])
        defer { elsewhere.stop() }
        #expect(try RawHTTP(url: elsewhere.url).request("GET", "/api/clips/\(id)/media").status == 404)
    }

    /// A half-sent request is closed after the idle timeout; past the connection limit, an
    /// honest request waits for a slot and is answered.
    @Test func halfSentRequestsAreClosedAndCannotStarveTheServer() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog, extraArguments: ["--idle-timeout", "1", "--max-connections", "4"])
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)

        let started = Date()
        let slow = try RawHTTP.Connection(port: http.port, timeout: 20)
        try slow.send("GET /api/clips HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        let (_, closed) = slow.readUntilClosed()
        let waited = Date().timeIntervalSince(started)
        #expect(closed, "the server still holds a half-sent request after \(waited) s")
        #expect(waited < 10, "closed after \(waited) s")

        var hogs: [RawHTTP.Connection] = []
        for _ in 0..<12 {
            let hog = try RawHTTP.Connection(port: http.port, timeout: 20)
            try? hog.send("GET /api/clips HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            hogs.append(hog)
        }
        let honest = try http.request("GET", "/api/clips", timeout: 25)
        #expect(honest.status == 200)
        print("half-sent request closed after \(String(format: "%.1f", waited)) s; honest request answered behind 12 half-sent ones")
        hogs.removeAll()
    }

    /// A request body trickled a byte at a time (each byte well inside the idle timeout, which
    /// restarts on every piece) is cut off with 408; one that stops half-way is closed. Nothing is saved.
    @Test func aTrickledOrStoppedBodyIsCutOff() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog, extraArguments: ["--idle-timeout", "1"])
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let a = try fixture.id("a")
        let before = try fixture.revision("a")
        let body = try JSONSerialization.data(withJSONObject: ["revision": before, "code": "richness.explanations",
                                                               "score": "low", "rater": "mallory", "note": "slowly"])
        let head = "POST /api/clips/\(a)/annotations HTTP/1.1\r\nHost: 127.0.0.1:\(http.port)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"

        // Trickled: a byte every 0.4 s, never the last one.
        let trickle = try RawHTTP.Connection(port: http.port, timeout: 20)
        try trickle.send(head)
        var sent = 0
        var answered = false
        while sent < body.count - 1 {
            if trickle.hasAnswer(within: 0.4) { answered = true; break }
            guard (try? trickle.send(body.subdata(in: sent..<(sent + 1)))) != nil else { answered = true; break }
            sent += 1
        }
        #expect(answered, "the server still waits for a body trickled for \(sent) bytes")
        let (data, closed) = trickle.readUntilClosed()
        #expect(closed, "the connection stays open")
        let answer = try RawHTTP.parse(data, method: "POST")
        #expect(answer.status == 408)
        for header in Self.framingHeaders { #expect(answer.headers[header] != nil, "408 lacks \(header)") }

        // Stopped half-way: closed (408 when the body deadline comes first, else just closed).
        let stopped = try RawHTTP.Connection(port: http.port, timeout: 20)
        try stopped.send(Data(head.utf8) + body.prefix(body.count / 2))
        let (stoppedData, stoppedClosed) = stopped.readUntilClosed()
        #expect(stoppedClosed, "a stopped body holds its connection")
        if !stoppedData.isEmpty { #expect(try RawHTTP.parse(stoppedData, method: "POST").status == 408) }

        #expect(try fixture.revision("a") == before, "nothing was saved")
        let honest = try http.json("POST", "/api/clips/\(a)/annotations",
                                   ["revision": before, "code": "richness.explanations", "score": "low", "rater": "ana"])
        #expect(honest.status == 201, "\(honest.status) \(honest.text)")
        print("trickled body answered 408 after \(sent) of \(body.count) bytes")
    }

    static func mediaSize(_ fixture: ReviewFixture) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: fixture.media("a").path)[.size] as? NSNumber).intValue
    }

    /// A connection that asks for far more than the kernel buffers on both sides hold (a few
    /// MiB): pipelined GETs of clip a, ~48 MiB in all. Returns it and the bytes asked for.
    static func askForMuchMedia(_ fixture: ReviewFixture, _ http: RawHTTP, timeout: Double,
                                receiveBuffer: Int32? = nil) throws -> (RawHTTP.Connection, Int) {
        let a = try fixture.id("a")
        let size = try mediaSize(fixture)
        let count = max(8, (48 << 20) / size + 1)
        let reader = try RawHTTP.Connection(port: http.port, timeout: timeout, receiveBuffer: receiveBuffer)
        try reader.send(String(repeating: "GET /api/clips/\(a)/media HTTP/1.1\r\nHost: 127.0.0.1:\(http.port)\r\n\r\n", count: count))
        return (reader, count * size)
    }

    /// A client that asks for media and reads nothing is cut off after `--write-timeout`: its
    /// connection does not wait forever for the answers to be read.
    @Test func aClientThatStopsReadingIsCutOff() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog, extraArguments: ["--write-timeout", "1", "--idle-timeout", "30"])
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let (reader, total) = try Self.askForMuchMedia(fixture, http, timeout: 40, receiveBuffer: 4096)
        sleep(5)  // reading nothing, well past the write timeout
        let (data, closed) = reader.readUntilClosed()
        #expect(closed, "the connection is still open")
        #expect(data.count < total, "all \(total) bytes were still served after the client stopped reading")
        #expect(try http.request("GET", "/api/clips").status == 200, "the server goes on answering others")
        print("stalled reader cut off after \(data.count) of \(total) bytes")
    }

    /// A client that reads, but slowly (1 MiB every tenth of a second: the server's buffer
    /// keeps draining, so the stall rule alone never fires), is cut off when it takes less than
    /// `--min-download-rate` bytes a second of an answer it holds back. What the kernel had
    /// already buffered still arrives after the server closes, so the client then reads at full
    /// speed: it sees the end of the connection long before the answers' end. A client reading
    /// at full speed gets every byte under the same limits.
    @Test func aSlowReaderIsCutOffBelowTheMinimumRate() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog, extraArguments: ["--write-timeout", "1", "--idle-timeout", "30",
                                                                                  "--min-download-rate", "40000000"])
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let (reader, total) = try Self.askForMuchMedia(fixture, http, timeout: 5)
        let size = try Self.mediaSize(fixture)
        let a = try fixture.id("a")
        let started = Date()
        var taken = 0
        while Date().timeIntervalSince(started) < 6 {
            guard let piece = reader.read(upTo: 1 << 20) else { break }
            taken += piece.count
            usleep(100_000)
        }
        let slowRate = Double(taken) / Date().timeIntervalSince(started)
        let (rest, closed) = reader.readUntilClosed()
        #expect(closed, "a reader taking \(Int(slowRate)) B/s is still served")
        #expect(taken + rest.count < total, "all \(total) bytes were served to a slow reader")
        let honest = try http.request("GET", "/api/clips/\(a)/media")
        #expect(honest.status == 200 && honest.body.count == size, "a full-speed reader gets the whole clip")
        print("slow reader (\(Int(slowRate / 1024)) KiB/s) cut off after \(taken + rest.count) of \(total) bytes")
    }

    /// HEAD on media and posters answers like GET, without the body.
    @Test func headOnMediaAnswersLikeGet() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog)
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let a = try fixture.id("a")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: fixture.media("a").path)[.size] as? NSNumber).intValue
        let head = try http.request("HEAD", "/api/clips/\(a)/media")
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == String(size))
        #expect(head.headers["content-type"] == "video/mp4")
        #expect(head.headers["accept-ranges"] == "bytes")
        #expect(head.body.isEmpty)
        let ranged = try http.request("HEAD", "/api/clips/\(a)/media", headers: ["Range": "bytes=100-199"])
        #expect(ranged.status == 206)
        #expect(ranged.headers["content-range"] == "bytes 100-199/\(size)")
        #expect(ranged.body.isEmpty)
        let get = try http.request("GET", "/api/clips/\(a)/media", headers: ["Range": "bytes=100-199"])
        #expect(get.body == (try Data(contentsOf: fixture.media("a")))[100...199])
    }

    /// A failure inside the server answers 500 with a message that names no file or table.
    @Test func aServerErrorNamesNoPath() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog)
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        #expect(try http.request("GET", "/api/clips").status == 200)
        // The catalog loses a table under the running server.
        let broken = try run("sqlite3", [fixture.catalog, "ALTER TABLE clip RENAME TO clip_gone;"])
        #expect(broken.status == 0, "\(broken.stderr)")
        let answer = try http.request("GET", "/api/clips")
        #expect(answer.status == 500)
        #expect(!answer.text.contains("/"), "a path in: \(answer.text)")
        #expect(!answer.text.contains(fixture.folder.lastPathComponent))
        #expect(!answer.text.lowercased().contains("sqlite") && !answer.text.contains("clip_gone") && !answer.text.contains("no such table"),
                "\(answer.text)")
        #expect(answer.headers["x-frame-options"] == "DENY")
    }

    /// The token is typed once: it becomes an HttpOnly SameSite=Strict cookie and leaves the
    /// address; scripts and media URLs never carry it; `--token-file` keeps it out of `ps`.
    /// `--token-file` reads one short regular file: a FIFO, a folder or a big file is refused.
    @Test func theTokenFileMustBeAShortRegularFile() throws {
        let folder = try Fixtures.temporaryFolder("token-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.txt")
        try Data(String(repeating: "t", count: 5000).utf8).write(to: big)
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for path in [big.path, fifo.path, folder.path, "/dev/zero"] {
            let result = try clipcoach(arguments: ["review", "serve", "--catalog", folder.appendingPathComponent("none.sqlite").path,
                                                   "--port", "0", "--token-file", path], timeout: 20)
            #expect(result.status == 64, "\(path): \(result.status) \(result.stderr)")
        }
    }

    @Test func theTokenBecomesACookieAndLeavesEveryURL() throws {
        let fixture = try ReviewFixture.make()
        let token = "file-token-\(UUID().uuidString.prefix(8))"
        let tokenFile = fixture.folder.appendingPathComponent("token.txt")
        try Data((token + "\n").utf8).write(to: tokenFile)
        let server = try ServerProcess(catalog: fixture.catalog, extraArguments: ["--token-file", tokenFile.path])
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let a = try fixture.id("a")

        let commandLine = try String(contentsOfFile: "/proc/\(server.process.processIdentifier)/cmdline", encoding: .utf8)
        #expect(!commandLine.contains(token), "the token is not in the command line")

        #expect(try http.request("GET", "/api/clips").status == 401)
        let login = try http.request("GET", "/clip.html?id=\(a)&token=\(token)")
        #expect(login.status == 303)
        #expect(login.headers["location"] == "/clip.html?id=\(a)", "\(login.headers)")
        let cookie = try #require(login.headers["set-cookie"])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age=43200"), "\(cookie)")
        #expect(!cookie.contains(token), "the cookie holds a session value, not the token")
        let pair = String(cookie.split(separator: ";")[0])
        // Each login gets its own session value; both work, a made-up one does not.
        let again = try #require(try http.request("GET", "/?token=\(token)").headers["set-cookie"])
        let secondPair = String(again.split(separator: ";")[0])
        #expect(secondPair != pair, "a fresh session per login")
        #expect(try http.request("GET", "/api/clips", headers: ["Cookie": secondPair]).status == 200)
        let name = pair.split(separator: "=")[0]
        #expect(try http.request("GET", "/api/clips", headers: ["Cookie": "\(name)=\(String(repeating: "0", count: 64))"]).status == 401)
        #expect(try http.request("GET", "/clip.html?id=\(a)&token=wrong-token").status == 401)
        let offsite = try http.request("GET", "//evil.example/x?token=\(token)")
        let location = offsite.headers["location"] ?? ""
        #expect(offsite.status != 303 || (location.hasPrefix("/") && !location.hasPrefix("//")), "the redirect stays on this server: \(location)")

        let detail = try http.request("GET", "/api/clips/\(a)", headers: ["Cookie": pair])
        #expect(detail.status == 200)
        #expect(!detail.text.contains(token))
        #expect(try http.request("GET", "/api/clips/\(a)/media", headers: ["Cookie": pair, "Range": "bytes=0-9"]).status == 206)
        for scheme in ["Bearer", "bearer", "BEARER"] {
            #expect(try http.request("GET", "/api/clips", headers: ["Authorization": "\(scheme) \(token)"]).status == 200, "\(scheme)")
        }
        // The page's scripts hold no token and add none to media URLs.
        let script = try http.request("GET", "/common.js").text
        #expect(!script.contains("\"token=\"") && !script.contains("sessionStorage") && !script.contains("Bearer"))
        // A write with the cookie from the page itself goes through (same origin).
        let write = try http.json("POST", "/api/clips/\(a)/annotations",
                                  ["revision": try fixture.revision("a"), "code": "richness.explanations", "score": "low", "rater": "cara"],
                                  headers: ["Cookie": pair, "Origin": "http://127.0.0.1:\(http.port)"])
        #expect(write.status == 201, "\(write.text)")
    }

    /// The own-work rule matches people, not spellings: "ANA", " ana" and fullwidth "ａｎａ" are Ana.
    @Test func aCaseOrWidthChangedReviewerCannotAcceptOwnWork() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog)
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let a = try fixture.id("a")
        let submit = try http.json("POST", "/api/clips/\(a)/review", ["revision": try fixture.revision("a"), "action": "submit", "by": "ana"])
        #expect(submit.status == 200, "\(submit.text)")
        for reviewer in ["Ana", " ANA ", "\u{FF41}\u{FF4E}\u{FF41}"] {
            let accept = try http.json("POST", "/api/clips/\(a)/review", ["revision": try fixture.revision("a"), "action": "accept", "by": reviewer])
            #expect(accept.status == 409, "\(reviewer): \(accept.status) \(accept.text)")
        }
        // An invisible character makes another-looking name: refused as a name, and never another person.
        for reviewer in ["an\u{200B}a", "a\u{00AD}na", "ana\u{2060}", "\u{FEFF}ana", "an\u{E0041}a"] {
            let accept = try http.json("POST", "/api/clips/\(a)/review", ["revision": try fixture.revision("a"), "action": "accept", "by": reviewer])
            #expect(accept.status == 422, "\(reviewer.debugDescription): \(accept.status) \(accept.text)")
        }
        #expect(try SidecarStore.read(fixture.sidecar("a")).reviewState(segment: nil) == .submitted)
        let other = try http.json("POST", "/api/clips/\(a)/review", ["revision": try fixture.revision("a"), "action": "accept", "by": "bo"])
        #expect(other.status == 200)
    }

    /// Escape sequences, newlines and bidi overrides are refused in names; notes keep newlines.
    @Test func controlCharactersAreRefusedInNames() throws {
        let fixture = try ReviewFixture.make()
        let server = try ServerProcess(catalog: fixture.catalog)
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let a = try fixture.id("a")
        let before = try fixture.revision("a")
        for rater in ["ana\u{1B}[2J", "ana\u{1B}]0;owned\u{07}", "ana\nb\u{1B}", "ana\nREVIEW ACCEPTED", "ana\u{202E}evil", "a\u{2066}b",
                      "ana\u{9B}2J", "ana\u{7F}", "an\u{200B}a", "an\u{200D}a", "ana\u{180E}", "ana\u{FFF9}", "ana\u{206A}"] {
            let answer = try http.json("POST", "/api/clips/\(a)/annotations",
                                       ["revision": before, "code": "richness.explanations", "score": "low", "rater": rater])
            #expect(answer.status == 422, "\(rater.debugDescription): \(answer.status)")
        }
        let badNote = try http.json("POST", "/api/clips/\(a)/annotations",
                                    ["revision": before, "code": "richness.explanations", "score": "low", "rater": "cara", "note": "x\u{1B}[31m"])
        #expect(badNote.status == 422)
        #expect(try fixture.revision("a") == before)
        let note = try http.json("POST", "/api/clips/\(a)/annotations",
                                 ["revision": before, "code": "richness.explanations", "score": "low", "rater": "cara", "note": "line one\nline two"])
        #expect(note.status == 201, "\(note.text)")
    }
}

extension ReviewHardeningTests {
    /// The studio's clip page sets the sharing status: in the sidecar's trail with who, and in the
    /// catalog. The raters' server (`review serve`) refuses to: consent is the coaches' to record.
    @Test func theClipPageSetsTheSharingStatus() throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        let search = ClipSearch(catalog: try CatalogDatabase(path: fixture.catalog, mustExist: true))
        #expect(try search.run(ClipQuery()).hits.isEmpty, "clips shared for coaching are not library clips")

        let review = try ServerProcess(catalog: fixture.catalog)
        defer { review.stop() }
        let raters = try RawHTTP(url: review.url)
        let before = try fixture.revision("a")
        let refused = try raters.json("PUT", "/api/clips/\(a)/sharing",
                                      ["revision": before, "status": "library", "by": "Rae", "consentNote": "made up"])
        #expect(refused.status == 403, "\(refused.status) \(refused.text)")
        #expect(try fixture.revision("a") == before && SidecarStore.read(fixture.sidecar("a")).sharingStatus == .coaching)
        review.stop()

        let studio = try ServerProcess(catalog: fixture.catalog, command: ["studio"])
        defer { studio.stop() }
        let http = try RawHTTP(url: studio.url)
        let bad = try http.json("PUT", "/api/clips/\(a)/sharing", ["revision": try fixture.revision("a"), "status": "public", "by": "Lee"])
        #expect(bad.status == 400)
        // The sidecar's own rule for who and why (as `clipcoach tag` meets it): refused, nothing saved.
        let unchanged = try fixture.revision("a")
        for (by, note) in [("Lee\u{1B}[2J", "form 12"), ("Lee", "form\u{202E}21"), (String(repeating: "L", count: 101), "form 12"),
                           ("Lee", String(repeating: "n", count: 4001))] {
            let refusedText = try http.json("PUT", "/api/clips/\(a)/sharing",
                                            ["revision": unchanged, "status": "library", "by": by, "consentNote": note])
            #expect(refusedText.status == 422, "\(by.prefix(12).debugDescription): \(refusedText.status) \(refusedText.text)")
            #expect(!refusedText.text.contains("\u{1B}") && !refusedText.text.contains(fixture.folder.path), "\(refusedText.text)")
        }
        #expect(try fixture.revision("a") == unchanged)
        let put = try http.json("PUT", "/api/clips/\(a)/sharing",
                                ["revision": try fixture.revision("a"), "status": "library", "by": "Lee", "consentNote": "form 12"])
        #expect(put.status == 200, "\(put.text)")
        let sharing = try SidecarStore.read(fixture.sidecar("a")).sharing
        #expect(sharing.status == .library && sharing.consentNote == "form 12" && sharing.events.last?.by == "Lee")
        #expect(try search.run(ClipQuery()).hits.map(\.label) == ["a"])
        let detail = try http.request("GET", "/api/clips/\(a)")
        #expect(detail.text.contains("\"status\":\"library\""))
    }

    /// `review serve` is the raters' page: a private clip is not listed, and its page, media,
    /// poster, writes and agreement figures answer as if it did not exist (404). The coach's
    /// studio still shows it.
    @Test func raterServerNeverShowsAPrivateClip() throws {
        let fixture = try ReviewFixture.make()
        let b = try fixture.id("b")
        // Double-scored, two points apart: a disagreement the agreement figures would name.
        #expect(try clipcoach("annotate", fixture.sidecar("b").path, "--code", "richness.language", "--score", "high",
                              "--rater", "cy").status == 0)
        let made = try clipcoach("tag", fixture.sidecar("b").path, "--sharing", "private", "--by", "coach", "--catalog", fixture.catalog)
        #expect(made.status == 0, "\(made.stderr)")
        let revision = try fixture.revision("b")

        let review = try ServerProcess(catalog: fixture.catalog)
        defer { review.stop() }
        let http = try RawHTTP(url: review.url)
        let list = try http.request("GET", "/api/clips")
        #expect(list.status == 200)
        #expect(list.text.contains("\"label\":\"a\""), "the coaching clip is listed")
        #expect(!list.text.contains("\"label\":\"b\"") && !list.text.contains("imprecise words") && !list.text.contains("\"bo\""),
                "the private clip is listed: \(list.text)")
        #expect(try http.request("GET", "/api/clips?text=fractions").text == "[]", "found by its topic")
        for path in ["/api/clips/\(b)", "/api/clips/\(b)/media", "/api/clips/\(b)/poster"] {
            let answer = try http.request("GET", path)
            #expect(answer.status == 404, "GET \(path): \(answer.status)")
            #expect(!answer.text.contains("imprecise") && !answer.text.contains("fractions"), "\(path): \(answer.text)")
            #expect(answer.text.contains("no clip with id \(b)"), "a private clip answers like one that does not exist: \(answer.text)")
            #expect(try http.request("HEAD", path).status == 404, "HEAD \(path)")
            #expect(try http.request("GET", path, headers: ["Range": "bytes=0-9"]).status == 404, "ranged \(path)")
        }
        let write = try http.json("POST", "/api/clips/\(b)/annotations",
                                  ["revision": revision, "code": "richness.language", "score": "mid", "rater": "rae"])
        #expect(write.status == 404)
        let agreement = try http.request("GET", "/api/agreement")
        #expect(agreement.status == 200 && !agreement.text.contains("\"cy\""), "\(agreement.text)")
        #expect(try fixture.revision("b") == revision, "nothing written")
        review.stop()

        let studio = try ServerProcess(catalog: fixture.catalog, command: ["studio"])
        defer { studio.stop() }
        let coach = try RawHTTP(url: studio.url)
        #expect(try coach.request("GET", "/api/clips").text.contains("\"label\":\"b\""), "the studio lists every clip")
        #expect(try coach.request("GET", "/api/clips/\(b)").status == 200)
        #expect(try coach.request("GET", "/api/clips/\(b)/media", headers: ["Range": "bytes=0-9"]).status == 206)
        #expect(try coach.request("GET", "/api/agreement").text.contains("\"cy\""), "the studio's figures count the private clip")
    }
}

/// A flag and a count shared with the swapping thread.
final class Stopwatch: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    private var swaps: Int?
    var isSet: Bool { lock.withLock { flag } }
    func set() { lock.withLock { flag = true } }
    var count: Int? {
        get { lock.withLock { swaps } }
        set { lock.withLock { swaps = newValue } }
    }
}
