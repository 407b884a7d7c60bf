package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"sync"

	"ownwords"
	"ownwords/demo"
	"ownwords/media"
)

// Voices of the demo's synthetic recordings: espeak-ng's voice of the
// transcript's language, a male variant for the interviewer and a female
// one for the participant.
const (
	interviewerVoice = "en-us+m3"
	participantVoice = "en+f2"
)

// demoVoice returns the espeak-ng voice that speaks a turn of a
// transcript in lang: English, French and Arabic (the demo's languages)
// in their own voice.
func demoVoice(lang string, interviewer bool) string {
	switch lang {
	case "fr", "ar":
		return lang + map[bool]string{true: "+m3", false: "+f2"}[interviewer]
	}
	return map[bool]string{true: interviewerVoice, false: participantVoice}[interviewer]
}

// demoRecordings gives a freshly built demo study synthetic recordings of
// a few interviews (demo.PlanRecordings): espeak-ng speaks the turns
// around a coded passage, ffmpeg encodes them (a plain video card for
// some), the turns' times become time anchors. Without the tools it says
// in one line how to get them. It returns the code whose clips manifest
// shows the recordings, "" when none were made.
func demoRecordings(ctx context.Context, e *env, st ownwords.Store, studyID string, s *demo.Study) (string, error) {
	espeak, err1 := exec.LookPath("espeak-ng")
	ffmpeg, err2 := exec.LookPath("ffmpeg")
	if err1 != nil || err2 != nil {
		fmt.Fprintln(e.stdout, "No recordings in the demo: install ffmpeg and espeak-ng (apt-get install ffmpeg espeak-ng) and build it again in a new --store.")
		return "", nil
	}
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	if err != nil {
		return "", err
	}
	// The plan is made on the generated study, whose transcripts (and
	// their offsets) the store holds as they are; titles name the
	// interviews in the store.
	path, takes := s.RecordingPlan()
	byTitle := map[string]*ownwords.Interview{}
	for _, iv := range ivs {
		byTitle[iv.Title] = iv
	}
	for i := range takes {
		iv := byTitle[takes[i].Title]
		if iv == nil {
			return "", fmt.Errorf("demo recordings: no interview %q in the store", takes[i].Title)
		}
		takes[i].InterviewID = iv.ID
	}
	if len(takes) == 0 {
		return "", nil
	}
	// Two at a time: espeak-ng and ffmpeg each use a core.
	made := make([]*media.Synthetic, len(takes))
	errs := make([]error, len(takes))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, t := range takes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var lines []media.Line
			for _, tu := range t.Turns {
				lines = append(lines, media.Line{Text: tu.Text, Voice: demoVoice(t.Language, tu.Interviewer)})
			}
			made[i], errs[i] = media.Synthesize(ctx, espeak, ffmpeg, lines, t.Video, t.Title+" (synthetic)")
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return "", fmt.Errorf("demo recordings: %w", err)
		}
	}
	err = st.Update(ctx, func(tx ownwords.Services) error {
		for i, t := range takes {
			s := made[i]
			rec := &ownwords.Recording{StudyID: studyID, InterviewID: t.InterviewID, Name: t.Title + s.Ext, MediaType: s.MediaType, Size: int64(len(s.Data))}
			if err := tx.PutRecording(ctx, rec, bytes.NewReader(s.Data)); err != nil {
				return err
			}
			iv, err := tx.Interview(ctx, t.InterviewID)
			if err != nil {
				return err
			}
			iv.Anchors = t.Anchors(s.Starts, s.End)
			if err := tx.UpdateInterview(ctx, iv); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(e.stdout, "Recorded %d interviews with synthetic voices (espeak-ng, ffmpeg), with time anchors.\n", len(takes))
	return path, nil
}
