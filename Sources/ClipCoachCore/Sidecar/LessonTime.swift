import Foundation

// Evidence given on the lesson's timeline (`annotate --at-lesson 40:05`): a coach watching
// the whole lesson reads lesson times, while a clip sidecar stores times from the clip's start.
extension Sidecar {
    /// Where this sidecar's timeline sits in the lesson: the clip's actual window, or the
    /// whole lesson for a lesson sidecar.
    public var lessonWindow: ClosedRange<Double> {
        guard kind == .clip, let clip else { return 0...max(0, timelineDuration) }
        return clip.actualStart...max(clip.actualStart, clip.actualEnd)
    }

    /// A lesson time as a time on this sidecar's timeline; one outside the clip is refused,
    /// naming the clip's window in lesson time.
    public func timelineTime(fromLessonTime time: Double, path: String) throws(SidecarError) -> Double {
        let window = lessonWindow
        guard time.isFinite, time >= window.lowerBound - 0.0005, time <= window.upperBound + 0.0005 else {
            let what = kind == .clip ? "the clip, which is" : "the lesson,"
            throw SidecarError(.outOfRange, path: path,
                               message: "lesson time \(Timecode.format(time)) is outside \(what) \(Timecode.format(window.lowerBound))-\(Timecode.format(window.upperBound)) of the lesson")
        }
        return Timecode.rounded(min(max(0, time - window.lowerBound), timelineDuration))
    }
}
