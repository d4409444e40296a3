import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// A file in ClipCoach's layout as ELAN itself saves it: ELAN's header attributes and
/// properties, its own annotation ids (a1, a2, ...), shared and unaligned time slots, a
/// transcription tier of its own, CV_ENTRY_ML vocabularies with CVE_REFs, LOCALE, LANGUAGE and
/// CONSTRAINT elements, a tier named without a role, evidence made in ELAN (no ClipCoach ids).
@Suite struct ELANWrittenImportTests {
    static let file = """
    <?xml version="1.0" encoding="UTF-8"?>
    <ANNOTATION_DOCUMENT AUTHOR="" DATE="2026-02-01T09:30:12+01:00" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
        <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
            <MEDIA_DESCRIPTOR MEDIA_URL="file:///C:/Users/dee/Videos/lesson.mp4" MIME_TYPE="video/mp4" RELATIVE_MEDIA_URL="./lesson.mp4"/>
            <PROPERTY NAME="URN">urn:nl-mpi-tools-elan-eaf:5b1c2f43-8e64-4b5c-9d38-0f4f0c9d8a11</PROPERTY>
            <PROPERTY NAME="lastUsedAnnotationId">8</PROPERTY>
        </HEADER>
        <TIME_ORDER>
            <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>
            <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1500"/>
            <TIME_SLOT TIME_SLOT_ID="ts3"/>
            <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="2200"/>
            <TIME_SLOT TIME_SLOT_ID="ts5" TIME_VALUE="60000"/>
            <TIME_SLOT TIME_SLOT_ID="ts6" TIME_VALUE="64000"/>
            <TIME_SLOT TIME_SLOT_ID="ts7" TIME_VALUE="65200"/>
            <TIME_SLOT TIME_SLOT_ID="ts8" TIME_VALUE="75000"/>
            <TIME_SLOT TIME_SLOT_ID="ts9" TIME_VALUE="76000"/>
            <TIME_SLOT TIME_SLOT_ID="ts10" TIME_VALUE="120000"/>
            <TIME_SLOT TIME_SLOT_ID="ts11" TIME_VALUE="150000"/>
        </TIME_ORDER>
        <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="Transcript">
            <ANNOTATION>
                <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts3">
                    <ANNOTATION_VALUE>So what is half of a half?</ANNOTATION_VALUE>
                </ALIGNABLE_ANNOTATION>
            </ANNOTATION>
            <ANNOTATION>
                <ALIGNABLE_ANNOTATION ANNOTATION_ID="a8" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">
                    <ANNOTATION_VALUE>A quarter!</ANNOTATION_VALUE>
                </ALIGNABLE_ANNOTATION>
            </ANNOTATION>
        </TIER>
        <TIER ANNOTATOR="Dee" LINGUISTIC_TYPE_REF="mqi-presence" PARTICIPANT="Ms R" TIER_ID="Dee | rater | richness.explanations">
            <ANNOTATION>
                <ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" CVE_REF="cveid_2" TIME_SLOT_REF1="ts5" TIME_SLOT_REF2="ts10">
                    <ANNOTATION_VALUE>mid</ANNOTATION_VALUE>
                </ALIGNABLE_ANNOTATION>
            </ANNOTATION>
            <ANNOTATION>
                <ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" CVE_REF="cveid_3" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts5">
                    <ANNOTATION_VALUE>high</ANNOTATION_VALUE>
                </ALIGNABLE_ANNOTATION>
            </ANNOTATION>
        </TIER>
        <TIER LINGUISTIC_TYPE_REF="note" PARENT_REF="Dee | rater | richness.explanations" TIER_ID="Dee | rater | richness.explanations | note">
            <ANNOTATION>
                <REF_ANNOTATION ANNOTATION_ID="a4" ANNOTATION_REF="a2">
                    <ANNOTATION_VALUE>Good &amp; clear, "really"</ANNOTATION_VALUE>
                </REF_ANNOTATION>
            </ANNOTATION>
        </TIER>
        <TIER LINGUISTIC_TYPE_REF="moments" PARENT_REF="Dee | rater | richness.explanations" TIER_ID="Dee | rater | richness.explanations | evidence">
            <ANNOTATION>
                <ALIGNABLE_ANNOTATION ANNOTATION_ID="a5" TIME_SLOT_REF1="ts8" TIME_SLOT_REF2="ts9">
                    <ANNOTATION_VALUE>explains halving</ANNOTATION_VALUE>
                </ALIGNABLE_ANNOTATION>
            </ANNOTATION>
            <ANNOTATION>
                <ALIGNABLE_ANNOTATION ANNOTATION_ID="a6" TIME_SLOT_REF1="ts6" TIME_SLOT_REF2="ts7">
                    <ANNOTATION_VALUE></ANNOTATION_VALUE>
                </ALIGNABLE_ANNOTATION>
            </ANNOTATION>
        </TIER>
        <TIER ANNOTATOR="Eli" LINGUISTIC_TYPE_REF="mqi-1to5" TIER_ID="Eli | lesson.overall-mqi">
            <ANNOTATION>
                <ALIGNABLE_ANNOTATION ANNOTATION_ID="a7" CVE_REF="cveid_7" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts11">
                    <ANNOTATION_VALUE>3</ANNOTATION_VALUE>
                </ALIGNABLE_ANNOTATION>
            </ANNOTATION>
        </TIER>
        <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>
        <LINGUISTIC_TYPE CONTROLLED_VOCABULARY_REF="presence-4" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="mqi-presence" TIME_ALIGNABLE="true"/>
        <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="note" TIME_ALIGNABLE="false"/>
        <LINGUISTIC_TYPE CONSTRAINTS="Included_In" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="moments" TIME_ALIGNABLE="true"/>
        <LINGUISTIC_TYPE CONTROLLED_VOCABULARY_REF="one-to-five" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="mqi-1to5" TIME_ALIGNABLE="true"/>
        <LOCALE COUNTRY_CODE="US" LANGUAGE_CODE="en"/>
        <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00138502-001" LANG_ID="eng" LANG_LABEL="English (eng)"/>
        <CONSTRAINT DESCRIPTION="Time subdivision of parent annotation's time interval, no time gaps allowed within this interval" STEREOTYPE="Time_Subdivision"/>
        <CONSTRAINT DESCRIPTION="Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered" STEREOTYPE="Symbolic_Subdivision"/>
        <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
        <CONSTRAINT DESCRIPTION="Time alignable annotations within the parent annotation's time interval, gaps are allowed" STEREOTYPE="Included_In"/>
        <CONTROLLED_VOCABULARY CV_ID="presence-4">
            <DESCRIPTION LANG_REF="eng"/>
            <CV_ENTRY_ML CVE_ID="cveid_0">
                <CVE_VALUE DESCRIPTION="Not Present" LANG_REF="eng">not-present</CVE_VALUE>
            </CV_ENTRY_ML>
            <CV_ENTRY_ML CVE_ID="cveid_1">
                <CVE_VALUE DESCRIPTION="Low" LANG_REF="eng">low</CVE_VALUE>
            </CV_ENTRY_ML>
            <CV_ENTRY_ML CVE_ID="cveid_2">
                <CVE_VALUE DESCRIPTION="Mid" LANG_REF="eng">mid</CVE_VALUE>
            </CV_ENTRY_ML>
            <CV_ENTRY_ML CVE_ID="cveid_3">
                <CVE_VALUE DESCRIPTION="High" LANG_REF="eng">high</CVE_VALUE>
            </CV_ENTRY_ML>
        </CONTROLLED_VOCABULARY>
        <CONTROLLED_VOCABULARY CV_ID="one-to-five">
            <DESCRIPTION LANG_REF="eng"/>
            <CV_ENTRY_ML CVE_ID="cveid_7">
                <CVE_VALUE DESCRIPTION="" LANG_REF="eng">3</CVE_VALUE>
            </CV_ENTRY_ML>
        </CONTROLLED_VOCABULARY>
    </ANNOTATION_DOCUMENT>

    """

    @Test func importsAnELANSavedFileIntoALesson() throws {
        let library = try InterchangeLibrary.make()
        let target = try library.emptyCopy(of: library.lesson, named: "target.json")
        let file = library.path("elan.eaf")
        try Data(Self.file.utf8).write(to: URL(fileURLWithPath: file))

        let result = try Importer.run(.eaf, file: file, into: target.path, codebook: nil, policy: .update, dryRun: false)
        #expect(result.plan.added == ["a2", "a3", "a7"])
        #expect(result.notes == ["skipped tier 'Transcript' (not named RATER | ROLE | CODE)"])
        let sidecar = try SidecarStore.read(target)
        #expect(RoundTripTests.essence(sidecar.annotations) == [
            "a2 | richness.explanations | mid | Dee | rater | Good & clear, \"really\" | 2 | 64000=-,75000=explains halving",
            "a3 | richness.explanations | high | Dee | rater | - | 1 | ",
            "a7 | lesson.overall-mqi | 3 | Eli | rater | - | - | ",
        ])
        #expect(sidecar.revision == 2)
    }

    /// The same file is something pympi reads too (a check that the fixture is a real EAF).
    @Test func theFixtureIsAnEAFForPympi() throws {
        let library = try InterchangeLibrary.make()
        let file = library.path("elan.eaf")
        try Data(Self.file.utf8).write(to: URL(fileURLWithPath: file))
        let document = try EAFExportTests.read(file)
        #expect(EAFExportTests.annotations(document, tier: "Dee | rater | richness.explanations") == [
            ["0", "60000", "high"], ["60000", "120000", "mid"],
        ])
    }
}
