// The review web page and its JSON API, served by Hummingbird. See docs/review.md.
import Hummingbird
