import Foundation

/// Places suggested clip windows: a preferred length kept inside the length bounds and
/// inside the room available, starting on a keyframe when the clips will be stream-copied
/// (a copy cut starts at the keyframe at or before START anyway; snapping up front makes
/// the suggestion exactly what will be cut).
struct WindowPlacer {
    var bounds: ClipLengthBounds
    var preferredLength: Double
    /// Ascending, lesson timeline. Empty: no snapping (re-encode, or unknown).
    var keyframes: [Double]

    /// The length a window gets when there is room: the preferred length, within bounds.
    var targetLength: Double { min(max(preferredLength, bounds.minimum), bounds.maximum) }

    /// A window that starts `leadIn` seconds before `anchor`, inside `room`; nil if the
    /// room cannot hold the minimum length.
    func place(anchor: Double, leadIn: Double, room: ClipWindow) -> ClipWindow? {
        let length = min(targetLength, room.length)
        guard length + 0.0005 >= bounds.minimum else { return nil }
        let start = min(max(anchor - leadIn, room.start), room.end - length)
        return snapped(start: start, length: length, room: room)
    }

    /// `span` itself when it fits the bounds and the room; otherwise a window around its middle.
    func place(span: ClipWindow, room: ClipWindow) -> ClipWindow? {
        let fits = span.length + 0.0005 >= bounds.minimum && span.length <= bounds.maximum + 0.0005
        if fits && span.start >= room.start && span.end <= room.end {
            return snapped(start: span.start, length: span.length, room: room)
        }
        let middle = (span.start + span.end) / 2
        return place(anchor: middle, leadIn: min(targetLength, room.length) / 2, room: room)
    }

    /// Moves `start` back to a keyframe (or forward to the first one in the room), keeping
    /// the length where the room allows.
    private func snapped(start: Double, length: Double, room: ClipWindow) -> ClipWindow? {
        var begin = start
        if !keyframes.isEmpty {
            if let before = keyframes.last(where: { $0 <= start + 1e-6 }), before >= room.start - 1e-6 {
                begin = before
            } else if let after = keyframes.first(where: { $0 >= room.start - 1e-6 }) {
                begin = after
            } else {
                return nil
            }
        }
        let end = min(begin + length, room.end)
        let window = ClipWindow(start: Timecode.rounded(begin), end: Timecode.rounded(end))
        guard window.length + 0.0005 >= bounds.minimum else { return nil }
        return window
    }
}
