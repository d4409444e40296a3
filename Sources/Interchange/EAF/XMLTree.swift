import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element as read, with the line it starts on so that problems can name it.
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    let line: Int
    private(set) var children: [XMLElementNode] = []
    fileprivate(set) var text = ""

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    fileprivate func append(_ child: XMLElementNode) { children.append(child) }

    func children(named name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    func child(named name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// `line 40: <ALIGNABLE_ANNOTATION ANNOTATION_ID="a-1">`.
    var place: String {
        let key = ["ANNOTATION_ID", "TIER_ID", "TIME_SLOT_ID", "LINGUISTIC_TYPE_ID", "CV_ID"].first { attributes[$0] != nil }
        let shown = key.map { " \($0)=\"\(attributes[$0] ?? "")\"" } ?? ""
        return "line \(line): <\(name)\(shown)>"
    }
}

/// Parses a whole XML document with Foundation's XMLParser (libxml2). External entities are
/// never fetched. A document that is not well-formed fails with the line and column of the
/// first error and a reason in words.
enum XMLTree {
    struct SyntaxError: Error {
        let line: Int
        let column: Int
        let message: String
    }

    static func parse(_ data: Data) throws(SyntaxError) -> XMLElementNode {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let builder = Builder()
        parser.delegate = builder
        let ok = parser.parse()
        // Foundation on Linux returns true from parse() for some broken documents (a stray `<`, a
        // file cut short) after reporting the error to the delegate: any reported error fails.
        if let failure = builder.failure { throw failure }
        if !ok {
            let reason = parser.parserError.map { describe(code: ($0 as NSError).code) } ?? "not well-formed"
            throw SyntaxError(line: parser.lineNumber, column: parser.columnNumber, message: reason)
        }
        guard let root = builder.root else { throw SyntaxError(line: 1, column: 1, message: "no root element") }
        // An element still open at the end means the file is incomplete, whatever the parser said.
        if let open = builder.openElement {
            throw SyntaxError(line: parser.lineNumber, column: parser.columnNumber,
                              message: "the document ends before </\(open.name)> (opened at line \(open.line)): the file is incomplete")
        }
        return root
    }

    /// libxml2's error numbers (the codes XMLParser reports) as words.
    static func describe(code: Int) -> String {
        switch code {
        case 4: "the document is empty"
        case 5: "the document ends too early, or has content after its root element"
        case 9: "a character XML does not allow"
        case 23: "an entity reference without ';' (write & as &amp;)"
        case 26, 27: "an unknown entity (write & as &amp;)"
        case 38: "a < inside an attribute value (write &lt;)"
        // A stray `<` in text starts a "tag", which then fails as a bad name or attribute.
        case 39, 40, 41, 42, 65, 68, 73, 74: "a malformed tag or attribute (a stray '<' in text? write &lt;)"
        case 76: "an end tag does not match its start tag"
        case 77: "an element is not closed"
        case 85: "the elements are not properly nested"
        case 86: "there is content after the root element"
        default: "not well-formed (XML parser error \(code))"
        }
    }

    private final class Builder: NSObject, XMLParserDelegate {
        private var stack: [XMLElementNode] = []
        var root: XMLElementNode?
        var failure: SyntaxError?

        /// The innermost element not yet closed, if the document ended inside one.
        var openElement: XMLElementNode? { stack.last }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let node = XMLElementNode(name: elementName, attributes: attributeDict, line: parser.lineNumber)
            if let parent = stack.last { parent.append(node) } else if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            // The first error is the cause; later ones are the parser losing its way after it.
            if failure == nil {
                failure = SyntaxError(line: parser.lineNumber, column: parser.columnNumber,
                                      message: XMLTree.describe(code: (parseError as NSError).code))
            }
        }
    }
}
