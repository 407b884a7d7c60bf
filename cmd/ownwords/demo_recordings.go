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

// Voices of the demo's synthetic recordings.
const (
	interviewerVoice = "en-us+m3"
	participantVoice = "en+f2"
)

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
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID, WithText: true})
	if err != nil {
		return "", err
	}
	consents, err := st.Consents(ctx, studyID)
	if err != nil {
		return "", err
	}
	// Plan with the consent the study will hold: some participants
	// recorded now withdraw right after (demo.Withdraw), and the clip
	// manifest shows them left out.
	ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: studyID})
	if err != nil {
		return "", err
	}
	withdrawals := s.Withdrawals()
	for _, p := range ps {
		if d, ok := withdrawals[p.Code]; ok && consents[p.ID] != nil {
			c := *consents[p.ID]
			c.Withdrawn = d
			consents[p.ID] = &c
		}
	}
	segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: studyID, Layer: ownwords.LayerConsensus})
	if err != nil {
		return "", err
	}
	codeID, takes := demo.PlanRecordings(ivs, consents, segs)
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
				v := participantVoice
				if tu.Interviewer {
					v = interviewerVoice
				}
				lines = append(lines, media.Line{Text: tu.Text, Voice: v})
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
	ivByID := map[string]*ownwords.Interview{}
	for _, iv := range ivs {
		ivByID[iv.ID] = iv
	}
	err = st.Update(ctx, func(tx ownwords.Services) error {
		for i, t := range takes {
			s := made[i]
			rec := &ownwords.Recording{StudyID: studyID, InterviewID: t.InterviewID, Name: t.Title + s.Ext, MediaType: s.MediaType, Size: int64(len(s.Data))}
			if err := tx.PutRecording(ctx, rec, bytes.NewReader(s.Data)); err != nil {
				return err
			}
			iv := ivByID[t.InterviewID]
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
	cb, err := st.Codebook(ctx, studyID)
	if err != nil {
		return "", err
	}
	path := ""
	if c := cb.ByID(codeID); c != nil {
		path = cb.Path(c)
	}
	fmt.Fprintf(e.stdout, "Recorded %d interviews with synthetic voices (espeak-ng, ffmpeg), with time anchors.\n", len(takes))
	return path, nil
}
