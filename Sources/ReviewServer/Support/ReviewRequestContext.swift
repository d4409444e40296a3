import Hummingbird

/// The request context of the review server: Hummingbird's basic one, with the body limit
/// that Hummingbird's own decoders would apply set to ours.
public struct ReviewRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { ReviewServerConfiguration.defaultBodyLimit }
}
