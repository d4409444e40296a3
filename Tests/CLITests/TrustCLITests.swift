import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Issue 15 through the CLI: names without control characters, escaped terminal output,
/// sharing status, packets that hold only what the teacher may see, imports that never
/// turn a newer edit back.
@Suite(.serialized) struct TrustCLITests {
    static func ok(_ arguments: [String], _ comment: String = "") throws -> RunResult {
        let result = try clipcoach(arguments: arguments, timeout: 300)
        try #require(result.status == 0, "clipcoach \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr) \(comment)")
        return result
    }

    static func object(_ result: RunResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.stdout)")
    }

    // MARK: Names and terminal output

    @Test func controlCharactersAreRefusedInNamesAndEscapedWhenPrinted() throws {
        let sidecar = try SidecarCLIFixtures.clipSidecar()
        let before = try Data(contentsOf: sidecar)
        let refused: [[String]] = [
            ["annotate", sidecar.path, "--code", "richness.explanations", "--score", "mid", "--rater", "ana\u{1B}]0;owned\u{07}"],
            ["annotate", sidecar.path, "--code", "richness.explanations", "--score", "mid", "--rater", "ana\nREVIEW ACCEPTED"],
            ["annotate", sidecar.path, "--code", "richness.explanations", "--score", "mid", "--rater", "ana\u{202E}"],
            ["tag", sidecar.path, "--teacher", "Ms \u{1B}[2JR"],
            ["tag", sidecar.path, "--tag", "good\u{2067}clip"],
            ["review", "submit", sidecar.path, "--reviewer", "bo\u{1B}[1A"],
            ["cycle", "new", "--teacher", "Ms\u{1B}[8mR", "--lesson", Fixtures.sample("lesson.mp4"), "--focus", "richness.explanations",
             "--catalog", sidecar.deletingLastPathComponent().appendingPathComponent("c.sqlite").path],
        ]
        for arguments in refused {
            let result = try clipcoach(arguments: arguments)
            #expect(result.status == 64, "\(arguments.map(\.debugDescription)): \(result.status) \(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"), "the refusal itself prints the character escaped")
        }
        #expect(try Data(contentsOf: sidecar) == before, "nothing saved")
        _ = try Self.ok(["annotate", sidecar.path, "--code", "richness.explanations", "--score", "mid", "--rater", "ana",
                         "--note", "first line\nsecond line"])

        // A sidecar written elsewhere (by hand, an older version) with an escape sequence in a name.
        var edited = try SidecarStore.read(sidecar)
        edited.annotations[0].rater = "ana\u{1B}]0;owned\u{07}\u{1B}[2J"
        let data = try SidecarStore.encode(edited)
        try data.write(to: sidecar)
        let listed = try Self.ok(["annotations", sidecar.path])
        #expect(!listed.stdout.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" },
                "printed raw: \(listed.stdout.debugDescription)")
        #expect(listed.stdout.contains("\\u{1B}]0;owned\\u{7}"), "\(listed.stdout)")
        #expect(listed.stdout.contains("first line\\nsecond line"), "a note's newline is shown, not obeyed")

        // Names coming from an interchange file follow the same rule.
        let csv = sidecar.deletingLastPathComponent().appendingPathComponent("evil.csv")
        try Data("code,score,rater\nrichness.explanations,mid,\"bo\u{1B}[2J\"\n".utf8).write(to: csv)
        let before2 = try Data(contentsOf: sidecar)
        let imported = try clipcoach("import", "csv-annotations", csv.path, "--into", sidecar.path)
        #expect(imported.status == 65, "\(imported.stderr)")
        #expect(imported.stderr.contains("line 2") && !imported.stderr.contains("\u{1B}"), "\(imported.stderr)")
        #expect(try Data(contentsOf: sidecar) == before2)
    }

    /// `probe` prints a file name with an escape sequence escaped, like every other command.
    @Test func probeOutputIsEscaped() throws {
        let folder = try Fixtures.temporaryFolder("trust-probe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let odd = folder.appendingPathComponent("clip\u{1B}]0;owned\u{07}.mp4")
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: odd.path)
        let probed = try Self.ok(["probe", odd.path])
        #expect(!probed.stdout.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" },
                "printed raw: \(probed.stdout.debugDescription)")
        #expect(probed.stdout.contains("\\u{1B}]0;owned\\u{7}"), "\(probed.stdout)")
        #expect(probed.stdout.split(separator: "\n").count > 1, "still one line per fact")
    }

    // MARK: Sharing

    /// A small library: `cleared` (library), `coached` (coaching) and `unmarked` (no status: a
    /// sidecar from before sharing existed), all scored and of grade 4.
    static func library(in folder: URL) throws -> (catalog: String, ids: [String: Int]) {
        let library = folder.appendingPathComponent("library")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        _ = try ok(["cut", Fixtures.sample("lesson-vfr.mp4"), "--clip", "0-10=cleared", "--clip", "12-24=coached",
                    "--clip", "25-29=unmarked", "--out", library.path])
        for clip in ["cleared", "coached", "unmarked"] {
            let path = library.appendingPathComponent("\(clip).json").path
            _ = try ok(["annotate", path, "--code", "richness.explanations", "--score", "high", "--rater", "Rhea Rater",
                        "--at", "2=OTHER-CLASSROOM-EVIDENCE", "--note", "OTHER-CLASSROOM-NOTE"])
            _ = try ok(["tag", path, "--grade", "4", "--teacher", "Mr Other", "--topic", "fractions"])
        }
        _ = try ok(["tag", library.appendingPathComponent("cleared.json").path, "--sharing", "library",
                    "--consent-note", "district form 2026-11, exemplar use", "--by", "Lee Librarian"])
        _ = try ok(["tag", library.appendingPathComponent("coached.json").path, "--sharing", "coaching", "--by", "Lee Librarian"])
        let catalog = folder.appendingPathComponent("library.sqlite").path
        _ = try ok(["library", "ingest", library.path, "--catalog", catalog])
        let all = try object(try ok(["library", "search", "--catalog", catalog, "--all", "--json"]))
        var ids: [String: Int] = [:]
        for hit in all["hits"] as? [[String: Any]] ?? [] {
            if let label = hit["label"] as? String, let id = hit["clipId"] as? Int { ids[label] = id }
        }
        try #require(ids.keys.sorted() == ["cleared", "coached", "unmarked"], "\(ids)")
        return (catalog, ids)
    }

    @Test func onlyClearedClipsAreOfferedAsLibraryClips() throws {
        let folder = try Fixtures.temporaryFolder("trust-sharing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (catalog, ids) = try Self.library(in: folder)
        let c = ["--catalog", catalog]

        // The sidecar's trail says who cleared it, when, and the consent note.
        let cleared = try SidecarStore.read(folder.appendingPathComponent("library/cleared.json"))
        #expect(cleared.sharingStatus == .library)
        #expect(cleared.sharing.consentNote == "district form 2026-11, exemplar use")
        let event = try #require(cleared.sharing.events.last)
        #expect(event.by == "Lee Librarian" && event.from == .private && event.to == .library && !event.at.isEmpty)
        #expect(try SidecarStore.read(folder.appendingPathComponent("library/unmarked.json")).sharingStatus == .private)
        let shown = try Self.ok(["tag", folder.appendingPathComponent("library/coached.json").path]).stdout
        #expect(shown.contains("sharing  coaching"), "\(shown)")

        // library search: only cleared clips; --all shows every status, marked.
        let search = try Self.object(try Self.ok(["library", "search", "--json"] + c))
        #expect((search["hits"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["cleared"])
        let librarian = try Self.ok(["library", "search", "--all"] + c).stdout
        #expect(librarian.contains("coaching (not cleared)") && librarian.contains("private (not cleared)"), "\(librarian)")

        // A lesson of another teacher; suggest offers only the cleared clip.
        let lesson = folder.appendingPathComponent("lesson.mp4").path
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: lesson)
        _ = try Self.ok(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "richness.explanations", "--grade", "4"] + c)
        let suggestions = try Self.object(try Self.ok(["cycle", "suggest", "1", "--json"] + c))
        let offered = (suggestions["libraryClips"] as? [[String: Any]])?.compactMap { $0["clipID"] as? String }
        #expect(offered == [String(ids["cleared"] ?? 0)])
        let rejected = suggestions["notSuggested"] as? [[String: String]] ?? []
        #expect(rejected.contains { $0["clipID"] == String(ids["unmarked"] ?? 0) && $0["reason"]?.contains("shared as 'private'") == true },
                "\(rejected)")
        let everything = try Self.object(try Self.ok(["cycle", "suggest", "1", "--all", "--json"] + c))
        let marked = everything["libraryClips"] as? [[String: Any]] ?? []
        #expect(marked.count == 3)
        #expect(marked.contains { ($0["reasons"] as? [String])?.first?.contains("NOT cleared") == true })

        // Picking an uncleared clip is refused, nothing cut.
        for label in ["unmarked", "coached"] {
            let pick = try clipcoach(arguments: ["cycle", "pick", "1", "--teacher-clip", "0-60", "--teacher-clip", "60-150",
                                                 "--library-clip", String(ids[label] ?? 0)] + c, timeout: 300)
            #expect(pick.status == 65, "\(pick.stderr)")
            #expect(pick.stderr.contains("not cleared to show other teachers"), "\(pick.stderr)")
        }
        let state = try Self.object(try Self.ok(["cycle", "show", "1", "--json"] + c))
        #expect(state["state"] as? String == "planned")
    }

    /// Taking a clip off `library` stops it being offered at once: search (the catalog row is
    /// updated with the sidecar), pick and export (both re-read the sidecar, the record).
    @Test func aClipTakenOffTheLibraryStopsBeingOfferedAtOnce() throws {
        let folder = try Fixtures.temporaryFolder("trust-unshare")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (catalog, ids) = try Self.library(in: folder)
        let c = ["--catalog", catalog]
        let cleared = folder.appendingPathComponent("library/cleared.json").path
        let elsewhere = ["--catalog", folder.appendingPathComponent("no-such.sqlite").path]
        func searched() throws -> [String] {
            let search = try Self.object(try Self.ok(["library", "search", "--json"] + c))
            return (search["hits"] as? [[String: Any]])?.compactMap { $0["label"] as? String } ?? []
        }
        #expect(try searched() == ["cleared"])
        _ = try Self.ok(["tag", cleared, "--sharing", "private", "--by", "Lee Librarian"] + c)
        #expect(try searched() == [], "the catalog row follows the sidecar at once")

        // Clearing for the library needs a consent note.
        let before = try Data(contentsOf: URL(fileURLWithPath: cleared))
        let bare = try clipcoach(arguments: ["tag", cleared, "--sharing", "library", "--by", "Lee Librarian"] + c)
        #expect(bare.status != 0 && bare.stderr.contains("consent"), "\(bare.status) \(bare.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cleared)) == before, "nothing saved")
        #expect(try searched() == [])
        _ = try Self.ok(["tag", cleared, "--sharing", "library", "--consent-note", "form 12", "--by", "Lee Librarian"] + c)
        #expect(try searched() == ["cleared"])

        // The sidecar changed where this catalog did not hear of it: pick still refuses.
        _ = try Self.ok(["tag", cleared, "--sharing", "coaching", "--by", "Lee Librarian"] + elsewhere)
        #expect(try searched() == ["cleared"], "this catalog was not told")
        let lesson = folder.appendingPathComponent("lesson.mp4").path
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: lesson)
        _ = try Self.ok(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "richness.explanations", "--grade", "4"] + c)
        let pickArguments = ["cycle", "pick", "1", "--teacher-clip", "0-60", "--teacher-clip", "60-150",
                             "--library-clip", String(ids["cleared"] ?? 0)] + c
        let refused = try clipcoach(arguments: pickArguments, timeout: 300)
        #expect(refused.status == 65 && refused.stderr.contains("not cleared"), "\(refused.status) \(refused.stderr)")

        // Picked while cleared, taken off before the export: the packet leaves it out.
        _ = try Self.ok(["tag", cleared, "--sharing", "library", "--consent-note", "form 12", "--by", "Lee Librarian"] + elsewhere)
        _ = try Self.ok(pickArguments)
        _ = try Self.ok(["tag", cleared, "--sharing", "private", "--by", "Lee Librarian"] + elsewhere)
        let packet = folder.appendingPathComponent("packet")
        let exported = try Self.ok(["cycle", "export", "1", "--out", packet.path] + c)
        #expect(exported.stderr.contains("left out of the packet"), "\(exported.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: packet.path)
        #expect(!files.contains { $0.hasPrefix("clips/clip-3") }, "\(files)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: packet.appendingPathComponent("cycle.json"))) as? [String: Any])
        let clips = try #require(document["clips"] as? [[String: Any]])
        #expect(!clips.contains { $0["kind"] as? String == "library" })
    }

    // MARK: Packets

    /// A packet holds the teacher's own clips and, of the library clip, only what it may show.
    /// Every file of it (pages, data, sidecars, videos, posters) is searched as bytes for other
    /// people's names, notes, comments, the consent note and the coach's paths; ffprobe must find
    /// no tag in any of its videos but the ones the MP4 structure itself carries.
    @Test func aPacketHoldsNothingOfAnotherClassroom() throws {
        let folder = try Fixtures.temporaryFolder("trust-packet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (catalog, ids) = try Self.library(in: folder)
        let c = ["--catalog", catalog]
        let lesson = folder.appendingPathComponent("lesson.mp4").path
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: lesson)
        _ = try Self.ok(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "richness.explanations", "--grade", "4"] + c)
        _ = try Self.ok(["cycle", "pick", "1", "--teacher-clip", "0-60", "--teacher-clip", "60-150",
                         "--library-clip", String(ids["cleared"] ?? 0)] + c)

        // The library clip: Rhea's score accepted by a lead; a second rater's score came later.
        // Its video carries tags naming its classroom.
        let cleared = folder.appendingPathComponent("library/cleared.json").path
        _ = try Self.ok(["review", "submit", cleared, "--reviewer", "Rhea Rater"])
        _ = try Self.ok(["review", "accept", cleared, "--reviewer", "Lee Lead", "--comment", "LEAD-COMMENT"])
        _ = try Self.ok(["annotate", cleared, "--code", "richness.explanations", "--score", "low", "--rater", "Sam Second",
                         "--note", "SECOND-RATER-NOTE"])
        let clearedVideo = folder.appendingPathComponent("library/cleared.mp4").path
        let tagged = folder.appendingPathComponent("tagged.mp4").path
        // And a subtitle track whose words name a child of that classroom.
        let captions = folder.appendingPathComponent("captions.srt").path
        try "1\n00:00:00,500 --> 00:00:04,000\nOTHER-CLASSROOM-CAPTION: Jamie Child explains\n\n".write(toFile: captions, atomically: true, encoding: .utf8)
        let tagging = try run("ffmpeg", ["-v", "error", "-y", "-i", clearedVideo, "-i", captions, "-map", "0", "-map", "1",
                                         "-c", "copy", "-c:s", "mov_text",
                                         "-metadata", "title=Mr Other, room 12", "-metadata", "comment=OTHER-CLASSROOM-COMMENT",
                                         "-metadata", "artist=Mr Other", "-metadata", "copyright=Mr Other School",
                                         "-metadata:s:v:0", "handler_name=Mr Other camera",
                                         "-metadata:s:a:0", "handler_name=Mr Other microphone", tagged], timeout: 120)
        try #require(tagging.status == 0, "\(tagging.stderr)")
        try FileManager.default.removeItem(atPath: clearedVideo)
        try FileManager.default.moveItem(atPath: tagged, toPath: clearedVideo)
        let before = try run("ffprobe", ["-v", "error", "-show_format", "-show_streams", "-of", "json", clearedVideo])
        try #require(before.stdout.contains("OTHER-CLASSROOM-COMMENT") && before.stdout.contains("Mr Other camera")
                     && before.stdout.contains("\"codec_type\": \"subtitle\""), "the oracle sees the tags and the captions")

        // The teacher's own clip 1: a rater's score with a note and an evidence comment, her own
        // note, a sharing record with a consent note, a review trail.
        let shown = try Self.object(try Self.ok(["cycle", "show", "1", "--json"] + c))
        let teacherClips = try #require(shown["teacherClips"] as? [[String: Any]], "\(shown)")
        let own = try #require((teacherClips.first?["files"] as? [String: Any])?["sidecar"] as? String, "\(teacherClips)")
        _ = try Self.ok(["annotate", own, "--code", "richness.explanations", "--score", "mid", "--rater", "Rhea Rater",
                         "--note", "OTHER-RATER-NOTE", "--at", "3=RATER-EVIDENCE-COMMENT"])
        _ = try Self.ok(["annotate", own, "--code", "richness.language", "--score", "high", "--rater", "Ms R", "--role", "teacher",
                         "--note", "MY-OWN-NOTE", "--at", "4=MY-OWN-MOMENT"])
        _ = try Self.ok(["tag", own, "--sharing", "coaching", "--by", "Lee Librarian", "--consent-note", "district form 77, research"])
        _ = try Self.ok(["review", "submit", own, "--reviewer", "Rhea Rater"])
        _ = try Self.ok(["review", "request-changes", own, "--reviewer", "Lee Lead", "--comment", "LEAD-COMMENT"])

        let packet = folder.appendingPathComponent("packet")
        _ = try Self.ok(["cycle", "export", "1", "--out", packet.path] + c)

        let files = try FileManager.default.subpathsOfDirectory(atPath: packet.path).filter { file in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: packet.appendingPathComponent(file).path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }
        #expect(files.contains("index.html") && files.contains("cycle.json") && files.contains("clips/clip-1.json"))
        #expect(!files.contains("clips/clip-3.json"), "the library clip's sidecar stays out: \(files)")
        #expect(files.filter { $0.hasSuffix(".mp4") }.count == 3, "\(files)")
        var everything = Data()
        for file in files {
            let bytes = try Data(contentsOf: packet.appendingPathComponent(file))
            everything += bytes
            for forbidden in ["Mr Other", "Rhea", "Sam Second", "Lee Librarian", "Lee Lead", "LEAD-COMMENT", "OTHER-CLASSROOM-NOTE",
                              "OTHER-CLASSROOM-EVIDENCE", "OTHER-CLASSROOM-COMMENT", "OTHER-RATER-NOTE", "RATER-EVIDENCE-COMMENT",
                              "SECOND-RATER-NOTE", "district form", "room 12", "OTHER-CLASSROOM-CAPTION", "Jamie Child", folder.path, "/tmp/", "/work/", "/root/", "/home/"] {
                #expect(bytes.range(of: Data(forbidden.utf8)) == nil, "\(file) contains '\(forbidden)'")
            }
        }
        #expect(everything.range(of: Data("Ms R".utf8)) != nil, "the teacher's own name is theirs to see")

        // No tags in any video but the MP4 structure's own (brands; a track's language, handler, vendor).
        let structural: Set<String> = ["major_brand", "minor_version", "compatible_brands", "language", "handler_name", "vendor_id"]
        for video in files where video.hasSuffix(".mp4") {
            let probed = try run("ffprobe", ["-v", "error", "-show_format", "-show_streams", "-of", "json",
                                             packet.appendingPathComponent(video).path])
            #expect(probed.status == 0, "\(probed.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(probed.stdout.utf8)) as? [String: Any])
            let streams = json["streams"] as? [[String: Any]] ?? []
            #expect(!streams.isEmpty, "\(video) has streams")
            #expect(!streams.contains { $0["codec_type"] as? String == "subtitle" }, "\(video) keeps another classroom's captions")
            for tags in [json["format"] as? [String: Any] ?? [:]].map({ $0["tags"] as? [String: String] ?? [:] })
                + streams.map({ $0["tags"] as? [String: String] ?? [:] }) {
                #expect(Set(tags.keys).isSubset(of: structural), "\(video) keeps tags: \(tags)")
                if let handler = tags["handler_name"] {
                    #expect(["VideoHandler", "SoundHandler", "SubtitleHandler"].contains(handler), "\(video): handler \(handler)")
                }
            }
        }

        // The teacher's clip sidecar: every annotation's code and score; her own words with her
        // name; the rater only as a role; no sharing record, no review trail.
        let mine = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: packet.appendingPathComponent("clips/clip-1.json"))) as? [String: Any])
        #expect(mine["sharing"] == nil && mine["review"] == nil, "\(mine.keys.sorted())")
        let annotations = mine["annotations"] as? [[String: Any]] ?? []
        #expect(annotations.count == 2)
        let rated = annotations.first { $0["code"] as? String == "richness.explanations" }
        #expect(rated?["rater"] as? String == "rater" && rated?["score"] as? String == "mid" && rated?["note"] == nil, "\(String(describing: rated))")
        #expect((rated?["evidence"] as? [[String: Any]])?.map { $0.keys.sorted() } == [["time"]], "evidence times stay, the comment goes")
        let hers = annotations.first { $0["code"] as? String == "richness.language" }
        #expect(hers?["rater"] as? String == "Ms R" && hers?["note"] as? String == "MY-OWN-NOTE", "\(String(describing: hers))")
        #expect(try SidecarStore.read(packet.appendingPathComponent("clips/clip-1.json")).structuralProblems(path: "clip-1.json").isEmpty,
                "the packet's sidecar is a valid sidecar")

        // What the library clip may show is there: label, grade, topic, the accepted code and point only.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: packet.appendingPathComponent("cycle.json"))) as? [String: Any])
        let clips = try #require(document["clips"] as? [[String: Any]])
        let library = try #require(clips.first { $0["kind"] as? String == "library" })
        #expect(library["title"] as? String == "cleared")
        #expect(library["grade"] as? String == "4" && library["topic"] as? String == "fractions")
        #expect((library["exemplifies"] as? [[String: String]]) == [["code": "richness.explanations", "score": "high"]],
                "only the accepted score, not the later rater's: \(String(describing: library["exemplifies"]))")
    }

    // MARK: Imports

    @Test func anImportNeverTurnsBackANewerEdit() throws {
        let sidecar = try SidecarCLIFixtures.clipSidecar()
        let folder = sidecar.deletingLastPathComponent()
        _ = try Self.ok(["annotate", sidecar.path, "--code", "richness.explanations", "--score", "mid", "--rater", "Ana"])
        let eaf = folder.appendingPathComponent("before.eaf").path
        let csv = folder.appendingPathComponent("before.csv").path
        _ = try Self.ok(["export", "eaf", sidecar.path, "--out", eaf])
        _ = try Self.ok(["export", "csv-annotations", sidecar.path, "--out", csv])
        usleep(20_000)

        // The score changes in the sidecar after the export (as the review page does it).
        var changed = try SidecarStore.read(sidecar)
        changed.annotations[0].score = "high"
        changed.annotations[0].updatedAt = Sidecar.timestamp()
        try SidecarStore.encode(changed).write(to: sidecar)
        let bytes = try Data(contentsOf: sidecar)

        for (format, file) in [("eaf", eaf), ("csv-annotations", csv)] {
            let dry = try Self.object(try Self.ok(["import", format, file, "--into", sidecar.path, "--dry-run", "--json"]))
            let conflicts = try #require(dry["conflicts"] as? [[String: Any]], "\(dry)")
            #expect(conflicts.count == 1, "\(format)")
            let fields = conflicts.first?["fields"] as? [[String: String]]
            #expect(fields == [["field": "score", "old": "high", "new": "mid"]], "\(format): \(String(describing: fields))")

            let imported = try Self.ok(["import", format, file, "--into", sidecar.path])
            #expect(imported.stdout.contains("1 conflict left alone") && imported.stdout.contains("conflict "), "\(imported.stdout)")
            #expect(try SidecarStore.read(sidecar).annotations[0].score == "high", "\(format): the newer score stays")
            #expect(try Data(contentsOf: sidecar) == bytes)

            let strict = try clipcoach("import", format, file, "--into", sidecar.path, "--existing", "fail")
            #expect(strict.status == 65, "\(strict.stderr)")
        }

        // An edit made in the exported file after the sidecar's last change is taken, old -> new shown.
        _ = try Self.ok(["export", "csv-annotations", sidecar.path, "--out", csv, "--force"])
        let table = try String(contentsOfFile: csv, encoding: .utf8)
        try table.replacingOccurrences(of: ",high,", with: ",low,").write(toFile: csv, atomically: true, encoding: .utf8)
        let dry = try Self.object(try Self.ok(["import", "csv-annotations", csv, "--into", sidecar.path, "--dry-run", "--json"]))
        let changes = try #require(dry["changes"] as? [[String: Any]])
        #expect(changes.first?["fields"] as? [[String: String]] == [["field": "score", "old": "high", "new": "low"]])
        _ = try Self.ok(["import", "csv-annotations", csv, "--into", sidecar.path])
        #expect(try SidecarStore.read(sidecar).annotations[0].score == "low")
    }

    /// A file whose annotations carry no time and no revision (a spreadsheet without the
    /// updatedAt column, an OTIO file whose metadata lost it) cannot say which version it holds:
    /// where it differs from the sidecar it is a conflict, listed and left alone, never taken as newer.
    @Test func anImportThatCannotSayWhichVersionItHoldsIsAConflict() throws {
        let sidecar = try SidecarCLIFixtures.clipSidecar()
        let folder = sidecar.deletingLastPathComponent()
        _ = try Self.ok(["annotate", sidecar.path, "--code", "richness.explanations", "--score", "mid", "--rater", "Ana"])
        let csv = folder.appendingPathComponent("undated.csv")
        let otio = folder.appendingPathComponent("undated.otio")
        _ = try Self.ok(["export", "csv-annotations", sidecar.path, "--out", csv.path])
        _ = try Self.ok(["export", "otio", sidecar.path, "--out", otio.path, "--rate", "25"])

        // The CSV loses its createdAt / updatedAt columns; the score is edited.
        // RFC 4180 lines (CRLF).
        let rows = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        try #require(rows.first?.hasSuffix(",createdAt,updatedAt") == true, "\(rows)")
        let cut = rows.map { row in row.split(separator: ",", omittingEmptySubsequences: false).dropLast(2).joined(separator: ",") }
        let edited = cut.joined(separator: "\r\n").replacingOccurrences(of: ",mid,", with: ",low,")
        try #require(edited.contains(",low,") && !edited.contains("updatedAt"))
        try (edited + "\r\n").write(to: csv, atomically: true, encoding: .utf8)
        // The OTIO markers lose their updatedAt; the score is edited.
        func undate(_ value: Any) -> Any {
            if var object = value as? [String: Any] {
                if object["updatedAt"] != nil, object["score"] as? String == "mid" {
                    object["updatedAt"] = nil
                    object["score"] = "low"
                }
                return object.mapValues(undate)
            }
            if let array = value as? [Any] { return array.map(undate) }
            return value
        }
        let timeline = undate(try JSONSerialization.jsonObject(with: Data(contentsOf: otio)))
        let otioText = try JSONSerialization.data(withJSONObject: timeline)
        #expect(!String(decoding: otioText, as: UTF8.self).contains("updatedAt"))
        try otioText.write(to: otio)
        let bytes = try Data(contentsOf: sidecar)

        for (format, file) in [("csv-annotations", csv.path), ("otio", otio.path)] {
            let dry = try Self.object(try Self.ok(["import", format, file, "--into", sidecar.path, "--dry-run", "--json"]))
            let conflicts = try #require(dry["conflicts"] as? [[String: Any]], "\(dry)")
            #expect(conflicts.count == 1, "\(format): \(dry)")
            #expect(conflicts.first?["fields"] as? [[String: String]] == [["field": "score", "old": "mid", "new": "low"]], "\(format)")
            #expect((dry["changes"] as? [Any])?.isEmpty != false, "\(format): nothing taken as newer")

            let imported = try Self.ok(["import", format, file, "--into", sidecar.path])
            #expect(imported.stdout.contains("1 conflict left alone"), "\(format): \(imported.stdout)")
            #expect(imported.stdout.contains("does not say which version"), "\(format): \(imported.stdout)")
            #expect(try Data(contentsOf: sidecar) == bytes, "\(format): the sidecar is untouched")

            let strict = try clipcoach("import", format, file, "--into", sidecar.path, "--existing", "fail")
            #expect(strict.status == 65, "\(format): \(strict.stderr)")
            #expect(try Data(contentsOf: sidecar) == bytes)
        }
    }

    /// An EAF file names the sidecar revision it was exported from (`clipcoach.revision`); the
    /// import goes by it, not by the document's DATE (ELAN rewrites that on every save).
    @Test func anEAFImportGoesByTheRevisionItWasExportedFrom() throws {
        let sidecar = try SidecarCLIFixtures.clipSidecar()
        let folder = sidecar.deletingLastPathComponent()
        _ = try Self.ok(["annotate", sidecar.path, "--code", "richness.explanations", "--score", "mid", "--rater", "Ana"])
        let exported = folder.appendingPathComponent("exported.eaf")
        _ = try Self.ok(["export", "eaf", sidecar.path, "--out", exported.path])
        let original = try String(contentsOf: exported, encoding: .utf8)
        let revision = try SidecarStore.read(sidecar).revision
        try #require(original.contains("<PROPERTY NAME=\"clipcoach.revision\">\(revision)</PROPERTY>"), "\(original)")

        // Edited in ELAN: the score mid -> low, saved (a DATE far ahead), the export time lost;
        // only the revision says what the file was made from.
        var edited = Self.rescored(original, from: "mid", to: "low")
        edited = edited.replacing(#/DATE="[^"]*"/#, with: "DATE=\"2099-01-01T00:00:00Z\"")
        edited = edited.replacing(#/<PROPERTY NAME="clipcoach.exportedAt">[^<]*</PROPERTY>/#, with: "")
        try #require(edited.contains(">low</ANNOTATION_VALUE>") && !edited.contains("clipcoach.exportedAt"), "\(edited)")
        let file = folder.appendingPathComponent("edited.eaf")
        try edited.write(to: file, atomically: true, encoding: .utf8)

        // The sidecar is still at that revision: the file's edit is the newer one.
        let fresh = try Self.object(try Self.ok(["import", "eaf", file.path, "--into", sidecar.path, "--dry-run", "--json"]))
        #expect((fresh["changes"] as? [[String: Any]])?.first?["fields"] as? [[String: String]]
                    == [["field": "score", "old": "mid", "new": "low"]], "\(fresh)")
        #expect((fresh["conflicts"] as? [Any])?.isEmpty == true, "\(fresh)")

        // The score changes in the sidecar after the export (a new revision): the file's older
        // version is a conflict, however late its DATE.
        var changed = try SidecarStore.read(sidecar)
        changed.annotations[0].score = "high"
        changed.annotations[0].updatedAt = Sidecar.timestamp()
        changed.revision += 1
        try SidecarStore.encode(changed).write(to: sidecar)
        let bytes = try Data(contentsOf: sidecar)
        let stale = try Self.object(try Self.ok(["import", "eaf", file.path, "--into", sidecar.path, "--dry-run", "--json"]))
        let conflicts = try #require(stale["conflicts"] as? [[String: Any]], "\(stale)")
        #expect(conflicts.first?["fields"] as? [[String: String]] == [["field": "score", "old": "high", "new": "low"]], "\(stale)")
        #expect(conflicts.first?["fileRevision"] as? Int == revision)
        let imported = try Self.ok(["import", "eaf", file.path, "--into", sidecar.path])
        #expect(imported.stdout.contains("1 conflict left alone") && imported.stdout.contains("revision \(revision)"), "\(imported.stdout)")
        #expect(try Data(contentsOf: sidecar) == bytes, "the newer score stays")
        let strict = try clipcoach("import", "eaf", file.path, "--into", sidecar.path, "--existing", "fail")
        #expect(strict.status == 65, "\(strict.stderr)")

        // Another annotation changed after the export: this one did not (the export time says
        // so), so the file's edit of it is still taken.
        _ = try Self.ok(["export", "eaf", sidecar.path, "--out", exported.path, "--force"])
        let second = try String(contentsOf: exported, encoding: .utf8)
        _ = try Self.ok(["annotate", sidecar.path, "--code", "richness.language", "--score", "mid", "--rater", "Bo"])
        try Self.rescored(second, from: "high", to: "low").write(to: file, atomically: true, encoding: .utf8)
        let later = try Self.object(try Self.ok(["import", "eaf", file.path, "--into", sidecar.path, "--dry-run", "--json"]))
        #expect((later["changes"] as? [[String: Any]])?.first?["fields"] as? [[String: String]]
                    == [["field": "score", "old": "high", "new": "low"]], "\(later)")
    }

    /// An EAF document with a score point changed as ELAN does it: the value and its
    /// controlled-vocabulary entry (`cve-SCALE-POINT`).
    static func rescored(_ document: String, from old: String, to new: String) -> String {
        document.replacingOccurrences(of: ">\(old)</ANNOTATION_VALUE>", with: ">\(new)</ANNOTATION_VALUE>")
            .replacingOccurrences(of: "-\(old)\"", with: "-\(new)\"")
    }
}
