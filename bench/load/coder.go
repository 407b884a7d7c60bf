package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"time"

	"ownwords"
)

// coder is one simulated coder: a logged-in HTTP client and what it
// believes it left in the store.
type coder struct {
	b      *bench
	user   *ownwords.User
	client *http.Client
	rng    *rand.Rand
	// kept holds the segments this coder believes are in the store: the
	// ones it left on purpose and the ones whose removal was refused.
	kept    map[string]*ownwords.Segment
	samples map[string][]time.Duration // latency by operation
	errors  []string                   // failed requests, "op: status body"
	unsure  int                        // writes without an answer: done or not, unknown
}

// newCoder logs user in through the login form and keeps the session cookie.
func newCoder(ctx context.Context, b *bench, u *ownwords.User, tr http.RoundTripper, seed uint64) (*coder, error) {
	jar, _ := cookiejar.New(nil)
	c := &coder{b: b, user: u, rng: rand.New(rand.NewPCG(seed, 0x6c6f6164)), kept: map[string]*ownwords.Segment{},
		samples: map[string][]time.Duration{},
		client: &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	form := url.Values{"name": {u.Name}, "password": {password}, "next": {"/"}}
	status, body, err := c.do(ctx, "login", "/login", "application/x-www-form-urlencoded", form.Encode())
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(b.url)
	if status != http.StatusSeeOther || len(jar.Cookies(base)) == 0 {
		return nil, fmt.Errorf("login as %s: status %d, no session: %.200s", u.Name, status, body)
	}
	return c, nil
}

// work applies codes until the coder has applied ops of them (0: no
// limit) or the deadline passes, removing each right after applying it
// except every KeepEvery-th.
func (c *coder) work(ctx context.Context, deadline time.Time) {
	for i := 0; (c.b.cfg.Ops == 0 || i < c.b.cfg.Ops) && time.Now().Before(deadline) && ctx.Err() == nil; i++ {
		seg := c.apply(ctx)
		if seg == nil {
			continue
		}
		if (i+1)%c.b.cfg.KeepEvery == 0 {
			c.kept[seg.ID] = seg
			continue
		}
		c.remove(ctx, seg)
	}
}

// apply codes a random passage of a random transcript with a random code,
// sending code-point offsets and the SHA-256 of the selected text as the
// coding script does, and returns the stored segment (nil on failure).
func (c *coder) apply(ctx context.Context) *ownwords.Segment {
	src := c.b.corpus[c.rng.IntN(len(c.b.corpus))]
	n := min(len(src.text), 10+c.rng.IntN(200))
	start := c.rng.IntN(len(src.text) - n + 1)
	in := map[string]any{"code_id": c.b.codes[c.rng.IntN(len(c.b.codes))], "start": start, "end": start + n,
		"text_hash": ownwords.HashText(string(src.text[start : start+n]))}
	body, _ := json.Marshal(in)
	status, resp, err := c.do(ctx, "apply", "/interviews/"+src.id+"/segments", "application/json", string(body))
	if err != nil {
		c.unsure++
		return nil
	}
	var out struct{ Segment *ownwords.Segment }
	if status != http.StatusCreated || json.Unmarshal(resp, &out) != nil || out.Segment == nil || out.Segment.ID == "" {
		c.fail("apply", status, resp)
		return nil
	}
	return out.Segment
}

// remove deletes seg at the version the coder saw. A refused removal
// leaves the segment in place, so the coder expects to find it.
func (c *coder) remove(ctx context.Context, seg *ownwords.Segment) {
	form := url.Values{"version": {strconv.Itoa(seg.Version)}}
	status, resp, err := c.do(ctx, "remove", "/segments/"+seg.ID+"/delete", "application/x-www-form-urlencoded", form.Encode())
	switch {
	case err != nil:
		c.unsure++
	case status != http.StatusOK:
		c.fail("remove", status, resp)
		c.kept[seg.ID] = seg
	}
}

// do waits the coder's think time, posts body to path asking for JSON,
// and records the latency of the whole exchange (request sent to response
// body read, the pause excluded) under op. A
// transport error is recorded as a failure and returned.
func (c *coder) do(ctx context.Context, op, path, ctype, body string) (int, []byte, error) {
	if t := c.b.cfg.Think; t > 0 && op != "login" {
		select {
		case <-time.After(time.Duration(c.rng.Int64N(int64(2 * t)))):
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.b.url+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	t0 := time.Now()
	res, err := c.client.Do(req)
	if err != nil {
		c.errors = append(c.errors, op+": "+err.Error())
		return 0, nil, err
	}
	var buf bytes.Buffer
	_, err = io.Copy(&buf, res.Body)
	res.Body.Close()
	c.samples[op] = append(c.samples[op], time.Since(t0))
	if err != nil {
		c.errors = append(c.errors, op+": "+err.Error())
	}
	return res.StatusCode, buf.Bytes(), err
}

// fail records a request the server refused.
func (c *coder) fail(op string, status int, body []byte) {
	c.errors = append(c.errors, fmt.Sprintf("%s: %d %.200s", op, status, bytes.TrimSpace(body)))
}
