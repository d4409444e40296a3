import Foundation

/// First pass over the audio: per 20 ms frame, the speech-band level, a brightness measure and
/// the pitch. Fed block by block as the decoder delivers samples, so memory holds a few floats
/// per frame, never the audio.
///
/// Filters: two high-pass biquads at 200 Hz remove mains hum (50/60 Hz and the next harmonics)
/// and rumble before the level is measured; a 900 Hz low-pass then 4:1 decimation give the
/// pitch tracker a 4 kHz signal.
public struct AudioFrames: Sendable {
    public static let sampleRate = 16_000
    public static let frameLength = 320            // 20 ms
    public static let frameSeconds = 0.02
    static let decimation = 4
    static let pitchRate = Float(sampleRate / decimation)
    static let minLag = 10                         // 400 Hz at 4 kHz
    static let maxLag = 57                         // 70 Hz

    /// 10 * log10 of the speech-band energy of each frame.
    public private(set) var level: [Float] = []
    /// 10 * log10 of the ratio of the differenced signal's energy to the signal's: spectral tilt.
    public private(set) var brightness: [Float] = []
    /// Fundamental frequency in Hz, 0 where the frame is not clearly periodic.
    public private(set) var pitch: [Float] = []

    private var highPass1 = Biquad.highPass(cutoff: 200, sampleRate: Float(sampleRate))
    private var highPass2 = Biquad.highPass(cutoff: 200, sampleRate: Float(sampleRate))
    private var lowPass = Biquad.lowPass(cutoff: 900, sampleRate: Float(sampleRate))
    private var frame = [Float](repeating: 0, count: frameLength)
    private var filled = 0
    private var previousSample: Float = 0
    /// The last 40 ms at 4 kHz: this frame and the one before, for the autocorrelation.
    private var pitchWindow = [Float](repeating: 0, count: 2 * frameLength / decimation)
    private var decimated = [Float](repeating: 0, count: frameLength / decimation)
    private var runningFloor: Float = 200

    public init() {}

    public var frameCount: Int { level.count }

    public mutating func consume(_ samples: UnsafeBufferPointer<Float>) {
        var index = 0
        while index < samples.count {
            let take = min(Self.frameLength - filled, samples.count - index)
            for k in 0..<take { frame[filled + k] = samples[index + k] }
            filled += take
            index += take
            if filled == Self.frameLength {
                analyseFrame()
                filled = 0
            }
        }
    }

    /// The last partial frame (under 20 ms) is left out: padded with zeros it would look quieter
    /// than the room and pull the noise floor down.
    public mutating func finish() {
        filled = 0
    }

    private mutating func analyseFrame() {
        var energy: Float = 0
        var differenced: Float = 0
        var previous = previousSample
        var decimatedIndex = 0
        var accumulator: Float = 0
        for k in 0..<Self.frameLength {
            let x = highPass2.process(highPass1.process(frame[k]))
            energy += x * x
            let d = x - previous
            differenced += d * d
            previous = x
            accumulator = lowPass.process(x)
            if k % Self.decimation == Self.decimation - 1 {
                decimated[decimatedIndex] = accumulator
                decimatedIndex += 1
            }
        }
        previousSample = previous
        let frameEnergy = energy / Float(Self.frameLength) + 1e-10
        let db = 10 * log10f(frameEnergy)
        level.append(db)
        brightness.append(10 * log10f((differenced / Float(Self.frameLength) + 1e-10) / frameEnergy))
        // Slide the pitch window: the older half out, this frame in.
        let half = Self.frameLength / Self.decimation
        for k in 0..<half { pitchWindow[k] = pitchWindow[k + half] }
        for k in 0..<half { pitchWindow[half + k] = decimated[k] }
        // A cheap causal floor decides where the pitch is worth computing; the real speech
        // decision comes later with a floor that looks both ways.
        runningFloor = db < runningFloor ? db : runningFloor + 0.01
        pitch.append(db > runningFloor + 3 ? Self.pitch(of: pitchWindow) : 0)
    }

    /// Normalized autocorrelation over 70-400 Hz; a peak over 0.5 counts as voiced.
    static func pitch(of window: [Float]) -> Float {
        let n = window.count
        return window.withUnsafeBufferPointer { x -> Float in
            var bestLag = 0
            var bestScore: Float = 0.5
            var energyHead: Float = 0
            for k in 0..<n { energyHead += x[k] * x[k] }
            guard energyHead > 1e-9 else { return 0 }
            for lag in minLag...maxLag {
                let count = n - lag
                var cross: Float = 0, a: Float = 0, b: Float = 0
                for k in 0..<count {
                    let u = x[k], v = x[k + lag]
                    cross += u * v
                    a += u * u
                    b += v * v
                }
                let denominator = (a * b).squareRoot()
                guard denominator > 1e-12 else { continue }
                let score = cross / denominator
                if score > bestScore { bestScore = score; bestLag = lag }
            }
            return bestLag == 0 ? 0 : pitchRate / Float(bestLag)
        }
    }
}

/// One second-order IIR section (RBJ cookbook), direct form I.
struct Biquad: Sendable {
    let b0, b1, b2, a1, a2: Float
    var x1: Float = 0, x2: Float = 0, y1: Float = 0, y2: Float = 0

    static func highPass(cutoff: Float, sampleRate: Float, q: Float = 0.7071) -> Biquad {
        let w = 2 * Float.pi * cutoff / sampleRate
        let alpha = sinf(w) / (2 * q), c = cosf(w), a0 = 1 + alpha
        return Biquad(b0: (1 + c) / 2 / a0, b1: -(1 + c) / a0, b2: (1 + c) / 2 / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
    }

    static func lowPass(cutoff: Float, sampleRate: Float, q: Float = 0.7071) -> Biquad {
        let w = 2 * Float.pi * cutoff / sampleRate
        let alpha = sinf(w) / (2 * q), c = cosf(w), a0 = 1 + alpha
        return Biquad(b0: (1 - c) / 2 / a0, b1: (1 - c) / a0, b2: (1 - c) / 2 / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
    }

    @inline(__always)
    mutating func process(_ x: Float) -> Float {
        var y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        if abs(y) < 1e-25 { y = 0 } // no denormals in digital silence: they are slow
        x2 = x1; x1 = x
        y2 = y1; y1 = y
        return y
    }
}
