import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// The JSON-LD collection, parsed into RDF by rdflib with the W3C context from a local copy.
@Suite struct WebAnnotationExportTests {
    /// rdflib is given the context inline and any attempt to fetch a document fails the run.
    static let script = """
    import json, sys, urllib.request
    import rdflib
    from rdflib.namespace import RDF, DCTERMS
    import rdflib.plugins.shared.jsonld.context as jsonld_context
    import rdflib.plugins.shared.jsonld.util as jsonld_util

    # Documents given as text parse as usual; anything named by a URL would be fetched: refused.
    read_source = jsonld_util.source_to_json
    def offline(source, *args, **kwargs):
        if isinstance(source, str) and "://" in source:
            raise RuntimeError("rdflib tried to fetch " + source + ": the test is offline")
        return read_source(source, *args, **kwargs)
    def no_network(*args, **kwargs):
        raise RuntimeError("rdflib tried to open " + repr(args[:1]) + ": the test is offline")
    jsonld_context.source_to_json = offline
    jsonld_util.source_to_json = offline
    urllib.request.urlopen = no_network

    document = json.load(open(sys.argv[1]))
    context = json.load(open(sys.argv[2]))
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld", document["@context"]
    document["@context"] = context["@context"]
    graph = rdflib.Graph()
    graph.parse(data=json.dumps(document), format="json-ld")

    OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
    AS = rdflib.Namespace("http://www.w3.org/ns/activitystreams#")
    FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
    out = {"annotations": {}, "collections": [], "triples": len(graph)}
    for collection in graph.subjects(RDF.type, AS.OrderedCollection):
        out["collections"].append({"total": int(graph.value(collection, AS.totalItems))})
    for annotation in graph.subjects(RDF.type, OA.Annotation):
        bodies = {}
        for body in graph.objects(annotation, OA.hasBody):
            purpose = str(graph.value(body, OA.hasPurpose)).split("#")[-1]
            bodies.setdefault(purpose, []).append(str(graph.value(body, RDF.value)))
        targets = []
        for target in graph.objects(annotation, OA.hasTarget):
            selector = graph.value(target, OA.hasSelector)
            targets.append({
                "source": str(graph.value(target, OA.hasSource)),
                "sourceType": str(graph.value(graph.value(target, OA.hasSource), RDF.type)),
                "selectorType": str(graph.value(selector, RDF.type)),
                "conformsTo": str(graph.value(selector, DCTERMS.conformsTo)),
                "value": str(graph.value(selector, RDF.value)),
            })
        creator = graph.value(annotation, DCTERMS.creator)
        created = graph.value(annotation, DCTERMS.created)
        out["annotations"][str(annotation)] = {
            "motivation": [str(m) for m in graph.objects(annotation, OA.motivatedBy)],
            "bodies": bodies, "targets": sorted(targets, key=lambda t: t["value"]),
            "creator": str(graph.value(creator, FOAF.name)),
            "createdType": str(created.datatype) if created is not None else None,
        }
    print(json.dumps(out))
    """

    @Test func rdflibParsesOneAssessingAnnotationPerScoreWithMediaFragments() throws {
        let library = try InterchangeLibrary.make()
        let out = try library.export(.webanno, [library.lesson, library.clipA, library.clipB], to: "annotations.jsonld")
        let context = library.path("anno.jsonld")
        try Data(W3CAnnotationContext.json.utf8).write(to: URL(fileURLWithPath: context))
        let graph = try #require(try PythonOracle.json(Self.script, module: "rdflib", arguments: [out, context]) as? [String: Any])

        #expect((graph["collections"] as? [[String: Any]])?.first?["total"] as? Int == 8)
        let annotations = try #require(graph["annotations"] as? [String: [String: Any]])
        #expect(annotations.count == 8)
        for (_, annotation) in annotations {
            #expect(annotation["motivation"] as? [String] == ["http://www.w3.org/ns/oa#assessing"])
            #expect(annotation["createdType"] as? String == "http://www.w3.org/2001/XMLSchema#dateTime")
            for target in annotation["targets"] as? [[String: String]] ?? [] {
                #expect(target["selectorType"] == "http://www.w3.org/ns/oa#FragmentSelector")
                #expect(target["conformsTo"] == "http://www.w3.org/TR/media-frags/")
                #expect(target["sourceType"] == "http://purl.org/dc/dcmitype/MovingImage")
            }
        }

        let tricky = try #require(annotations["urn:clipcoach:annotation:a-0123456789ab"])
        let bodies = try #require(tricky["bodies"] as? [String: [String]])
        #expect(bodies["classifying"] == ["richness.explanations"])
        #expect(bodies["assessing"] == ["mid"])
        #expect(bodies["commenting"] == [InterchangeLibrary.trickyNote])
        #expect(bodies["describing"] == ["00:05.123 student explains: why?"])
        #expect(tricky["creator"] as? String == "Ana")
        // A clip's annotation targets the clip file with clip times: the whole clip, then each moment.
        let targets = try #require(tricky["targets"] as? [[String: String]])
        #expect(targets.map { $0["value"] ?? "" } == ["t=0.000,32.000", "t=2.500", "t=5.123"])
        #expect(targets.allSatisfy { $0["source"]?.hasSuffix("/a.mp4") == true && $0["source"]?.hasPrefix("file:///") == true })

        let segment = try #require(annotations["urn:clipcoach:annotation:a-44445555666d"])
        let segmentTargets = try #require(segment["targets"] as? [[String: String]])
        #expect(segmentTargets.map { $0["value"] ?? "" } == ["t=60.000,120.000", "t=70.250", "t=90.000"])
        #expect(segmentTargets.allSatisfy { $0["source"]?.hasSuffix("/lesson.mp4") == true })
    }
}
