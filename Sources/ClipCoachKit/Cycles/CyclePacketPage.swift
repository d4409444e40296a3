import ClipCoachCore
import Foundation

/// The packet's `index.html`: one self-contained page (inline CSS, no script, no network)
/// that plays the three clips from the packet folder with relative paths, so it works
/// opened straight from the file system.
enum CyclePacketPage {
    static func html(_ document: CyclePacketDocument) -> String {
        let cycle = document.cycle
        let title = "Coaching cycle \(cycle.id) \u{00B7} \(cycle.teacher)"
        var meta = ["Teacher: \(cycle.teacher)"]
        if let grade = cycle.grade { meta.append("Grade \(grade)") }
        meta.append("Lesson: \(URL(fileURLWithPath: cycle.lesson.path).lastPathComponent) (\(Timecode.format(cycle.lesson.duration)))")
        meta.append("State: \(cycle.state.label)")
        meta.append("Started \(String(cycle.createdAt.prefix(10)))")
        if let closed = cycle.closedAt { meta.append("Closed \(String(closed.prefix(10)))") }
        return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <header>
          <h1>\(escape(title))</h1>
          <p class="meta">\(meta.map(escape).joined(separator: " <span class=\"dot\">&middot;</span> "))</p>
        </header>
        <section class="focus">
          <h2>Focus</h2>
          \(codeList(document.focusCodes))
        </section>
        <section class="clips">
        \(document.clips.map(clipCard).joined(separator: "\n"))
        </section>
        <section class="plan">
          <h2>Action plan</h2>
          \(plan(document))
        </section>
        <footer>Exported by ClipCoach \(escape(document.exportedAt)). <code>cycle.json</code> holds the same data for other tools.</footer>
        </body>
        </html>

        """
    }

    static func codeList(_ codes: [CyclePacketDocument.Code]) -> String {
        guard !codes.isEmpty else { return "<p class=\"empty\">None yet.</p>" }
        let items = codes.map { code in
            let reverse = code.higherIsWorse ? " <span class=\"hint\">(higher is worse)</span>" : ""
            return "<li><span class=\"code\">\(escape(code.id))</span> <strong>\(escape(code.name))</strong>\(reverse)<span class=\"domain\">\(escape(code.domain))</span></li>"
        }
        return "<ul class=\"codes\">\(items.joined())</ul>"
    }

    static func clipCard(_ clip: CyclePacketDocument.Clip) -> String {
        var facts: [String] = []
        if let window = clip.window { facts.append("lesson \(window.text)") }
        facts.append("\(Timecode.format(clip.duration)) long")
        if let grade = clip.grade { facts.append("grade \(grade)") }
        if let topic = clip.topic { facts.append(topic) }
        if let id = clip.libraryClipID { facts.append("catalog clip \(id)") }
        let shows = (clip.exemplifies ?? []).map { "\($0.code) \($0.score)" }
        let poster = clip.poster.map { " poster=\"\(escape(relativeURL($0)))\"" } ?? ""
        let kind = clip.kind == "library" ? "Library clip" : "Teacher clip"
        return """
          <article class="clip \(clip.kind)">
            <h3><span class="number">\(clip.number)</span> \(kind)</h3>
            <p class="title">\(escape(clip.title))</p>
            <video controls preload="metadata"\(poster) src="\(escape(relativeURL(clip.video)))"></video>
            <p class="facts">\(escape(facts.joined(separator: " \u{00B7} ")))</p>
            \(shows.isEmpty ? "" : "<p class=\"facts\">Shows: \(escape(shows.joined(separator: ", ")))</p>")
            \(note(clip.note))
          </article>
        """
    }

    static func note(_ note: ClipNote?) -> String {
        guard let note else { return "<p class=\"empty\">No notes yet.</p>" }
        return """
        <dl class="note">
              <dt>Describe</dt><dd>\(paragraphs(note.describe))</dd>
              <dt>Elevate</dt><dd>\(paragraphs(note.elevate))</dd>
              <dt>Next steps</dt><dd>\(paragraphs(note.nextSteps))</dd>
            </dl>
        """
    }

    static func plan(_ document: CyclePacketDocument) -> String {
        guard let plan = document.cycle.plan else { return "<p class=\"empty\">No action plan yet.</p>" }
        return """
        <h3>Goals</h3>
          <ol class="goals">\(plan.goals.map { "<li>\(escape($0))</li>" }.joined())</ol>
          <h3>Focus of the next cycle</h3>
          \(codeList(document.nextFocusCodes))
        """
    }

    /// Text with line breaks kept, escaped.
    static func paragraphs(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: "<br>")
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A packet-relative path as a URL path (each part percent-encoded).
    static func relativeURL(_ path: String) -> String {
        path.split(separator: "/").map { part in
            String(part).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? String(part)
        }.joined(separator: "/")
    }

    static let style = """
    :root { color-scheme: light; --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --accent: #2f6f9f; --paper: #f6f7f9; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 40px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: var(--paper); }
    header { border-bottom: 2px solid var(--accent); margin-bottom: 16px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 18px; margin: 0 0 8px; color: var(--accent); }
    h3 { font-size: 15px; margin: 0 0 4px; }
    .meta { color: var(--muted); margin: 0 0 12px; }
    .dot { color: var(--line); }
    section { margin: 18px 0; }
    .codes { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 8px 16px; }
    .codes li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; }
    .code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; background: #e8f0f7; color: var(--accent); border-radius: 4px; padding: 1px 6px; margin-right: 4px; }
    .domain { display: block; color: var(--muted); font-size: 12px; }
    .hint { color: #9a5b13; font-size: 12px; }
    .clips { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
    .clip { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
    .clip.library { border-top: 4px solid #7a8f3a; }
    .clip.teacher { border-top: 4px solid var(--accent); }
    .number { display: inline-block; width: 22px; height: 22px; border-radius: 11px; background: var(--ink); color: #fff; text-align: center; font-size: 13px; line-height: 22px; margin-right: 4px; }
    .title { margin: 0 0 8px; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
    video { width: 100%; aspect-ratio: 16 / 9; background: #111; border-radius: 6px; display: block; }
    .facts { color: var(--muted); font-size: 12px; margin: 6px 0 10px; }
    .note { margin: 0; }
    .note dt { font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--accent); margin-top: 8px; }
    .note dd { margin: 2px 0 0; }
    .empty { color: var(--muted); font-style: italic; }
    .plan { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; }
    .goals { margin: 4px 0 12px; padding-left: 22px; }
    footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    """
}
