package qdpx_test

import (
	"slices"
	"strings"
	"testing"

	"ownwords"
)

// vendorQDE bends the standard the ways real tools do: another namespace
// version, braced upper-case GUIDs, an inner file not named project.qde,
// relative:// and missing paths, inline text, CRLF text counted as two
// code points per line end, a selection whose positions miss its quoted
// name, flat "A::B" code names, and elements ownwords does not keep.
const vendorQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.1" name="vendor" origin="SomeTool 9">
 <Users><User guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Ana Lopez"/></Users>
 <CodeBook><Codes>
  <Code guid="{CCCCCCCC-0000-0000-0000-000000000001}" name="Roles::Fighter" isCodable="true" color="#F00"><Description>Took up arms.</Description></Code>
  <Code guid="CCCCCCCC-0000-0000-0000-000000000002" name="Roles::Recruiter" isCodable="true"/>
  <Code guid="cccccccc-0000-0000-0000-000000000003" name="Other" isCodable="true"><Code guid="cccccccc-0000-0000-0000-000000000004" name="other" isCodable="true"/><Code guid="cccccccc-0000-0000-0000-000000000005" name="Other" isCodable="true"/></Code>
 </Codes></CodeBook>
 <Variables>
  <Variable guid="dddddddd-0000-0000-0000-000000000001" name="Gender" typeOfVariable="Text"/>
  <Variable guid="dddddddd-0000-0000-0000-000000000002" name="Birth year" typeOfVariable="Integer"/>
 </Variables>
 <Cases><Case guid="eeeeeeee-0000-0000-0000-000000000001" name="P 01">
  <VariableValue><VariableRef targetGUID="DDDDDDDD-0000-0000-0000-000000000001"/><TextValue>woman</TextValue></VariableValue>
  <VariableValue><VariableRef targetGUID="dddddddd-0000-0000-0000-000000000002"/><IntegerValue>1990</IntegerValue></VariableValue>
  <SourceRef targetGUID="{FFFFFFFF-0000-0000-0000-000000000001}"/>
 </Case></Cases>
 <Sources>
  <TextSource guid="FFFFFFFF-0000-0000-0000-000000000001" name="Interview 1" plainTextPath="relative://texts/iv1.txt">
   <PlainTextSelection guid="99999999-0000-0000-0000-000000000001" name="I went to fight" startPosition="12" endPosition="27">
    <Coding guid="99999999-0000-0000-0000-0000000000a1" creatingUser="AAAAAAAA-0000-0000-0000-000000000001"><CodeRef targetGUID="{CCCCCCCC-0000-0000-0000-000000000001}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="99999999-0000-0000-0000-000000000002" name="my cousin recruited me" startPosition="0" endPosition="5">
    <Coding guid="99999999-0000-0000-0000-0000000000a2" creatingUser="aaaaaaaa-0000-0000-0000-000000000001"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000002"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid="ffffffff-0000-0000-0000-000000000002" name="Inline"><PlainTextContent>Plain inline text.</PlainTextContent>
   <PlainTextSelection guid="99999999-0000-0000-0000-000000000003" startPosition="6" endPosition="12"><Coding guid="99999999-0000-0000-0000-0000000000a3"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000005"/></Coding></PlainTextSelection>
  </TextSource>
  <TextSource guid="ffffffff-0000-0000-0000-000000000003" name="Gone" plainTextPath="internal://gone.txt"/>
  <PictureSource guid="ffffffff-0000-0000-0000-000000000004" name="photo" path="internal://photo.jpg"/>
 </Sources>
 <Notes><Note guid="77777777-0000-0000-0000-000000000001" name="Memo"><PlainTextContent>A note.</PlainTextContent></Note></Notes>
 <Sets><Set guid="66666666-0000-0000-0000-000000000001" name="Wave 1"><MemberSource targetGUID="ffffffff-0000-0000-0000-000000000002"/></Set></Sets>
 <NoteRef targetGUID="77777777-0000-0000-0000-000000000001"/>
 <Gadget/>
</Project>`

// vendorText is counted by the tool with CRLF as two code points.
const vendorText = "Line one\r\n\r\nI went to fight.\r\nLater my cousin recruited me.\r\n"

func TestImportToleratesVendorDeviations(t *testing.T) {
	b := mustZip(t, entry{name: "My Project.qde", body: vendorQDE}, entry{name: "sources/texts/iv1.txt", body: vendorText}, entry{name: "sources/photo.jpg", body: "jpeg"})
	st, study, rep := mustImport(t, "vendor.qdpx", b)
	ctx := t.Context()
	k := rep.Kept
	if k.Users != 1 || k.Sources != 2 || k.Participants != 2 || k.Attributes != 3 || k.Codings != 3 || k.Memos != 1 || k.Sets != 1 {
		t.Errorf("kept = %+v", k)
	}
	if rep.Reanchored != 1 {
		t.Errorf("re-anchored %d selections, want 1", rep.Reanchored)
	}
	for _, what := range []string{"source", "element", "archive entry"} {
		if rep.DroppedCount(what) == 0 {
			t.Errorf("nothing of kind %q dropped; report:\n%s", what, rep)
		}
	}
	cb, _ := st.Codebook(ctx, study.ID)
	var paths []string
	for _, c := range cb.Codes {
		paths = append(paths, cb.Path(c))
	}
	slices.Sort(paths)
	want := []string{"other", "other/other", "other/other-2", "roles", "roles/fighter", "roles/recruiter"}
	if !slices.Equal(paths, want) {
		t.Errorf("code paths = %v, want %v", paths, want)
	}
	if c := cb.ByPath("roles/fighter"); c == nil || c.Color != "#FF0000" || c.Description != "Took up arms." || c.Label != "Fighter" {
		t.Errorf("roles/fighter = %+v", c)
	}
	segs, _ := st.Segments(ctx, ownwords.SegmentFilter{StudyID: study.ID})
	got := map[string]bool{}
	for _, s := range segs {
		iv, _ := st.Interview(ctx, s.InterviewID)
		q, _ := ownwords.Slice(iv.Transcript, s.Start, s.End)
		got[q] = true
	}
	for _, q := range []string{"I went to fight", "my cousin recruited me", "inline"} {
		if !got[q] {
			t.Errorf("no segment quotes %q; got %v", q, got)
		}
	}
	ps, _ := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: study.ID})
	byCode := map[string]*ownwords.Participant{}
	for _, p := range ps {
		byCode[p.Code] = p
	}
	p := byCode["P_01"]
	if p == nil || p.Values["gender"].String() != "woman" || p.Values["birth_year"].Int != 1990 || p.Values["set-wave_1"].String() != "false" {
		t.Fatalf("participants = %v; P_01 = %+v", ps, p)
	}
	if in := byCode["Inline"]; in == nil || in.Values["set-wave_1"].String() != "true" {
		t.Errorf("participant Inline = %+v", in)
	}
	users, _ := st.Users(ctx)
	var names []string
	for _, u := range users {
		names = append(names, u.Name)
		if !u.Disabled || u.PasswordHash != "" {
			t.Errorf("imported user %s is enabled or has a password", u.Name)
		}
	}
	if !slices.Equal(names, []string{"ana_lopez", "refi-qda-import"}) {
		t.Errorf("users = %v, want ana_lopez and refi-qda-import (for the coding without a creatingUser)", names)
	}
	if !strings.Contains(rep.String(), "My Project.qde") {
		t.Errorf("the report does not say the XML had another name:\n%s", rep)
	}
}
