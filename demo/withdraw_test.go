package demo_test

import (
	"testing"

	"ownwords"
	"ownwords/demo"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// LoadBeforeWithdrawals then Withdraw ends with the consents Load writes
// at once; in between, the withdrawn participants still take new data (the
// demo's recordings), which the store refuses after Withdraw. Withdraw
// again changes nothing (a demo opened again).
func TestLoadBeforeWithdrawalsThenWithdraw(t *testing.T) {
	s := demo.Generate(demo.DefaultSeed)
	want := s.Withdrawals()
	if len(want) == 0 {
		t.Fatal("the demo has no withdrawals to test")
	}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		id, err := demo.LoadBeforeWithdrawals(ctx, st, s, vault.HashPassword, nil)
		if err != nil {
			t.Fatal(err)
		}
		withdrawn := func() map[string]ownwords.Date {
			ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: id})
			if err != nil {
				t.Fatal(err)
			}
			cs, err := st.Consents(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]ownwords.Date{}
			for _, p := range ps {
				if c := cs[p.ID]; c != nil && c.IsWithdrawn() {
					out[p.Code] = c.Withdrawn
				}
			}
			return out
		}
		if got := withdrawn(); len(got) != 0 {
			t.Fatalf("withdrawals before Withdraw: %v", got)
		}
		ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: id})
		if err != nil {
			t.Fatal(err)
		}
		var leaving *ownwords.Participant
		for _, p := range ps {
			if _, ok := want[p.Code]; ok {
				leaving = p
				break
			}
		}
		late := func() error {
			return st.CreateEvent(ctx, &ownwords.Event{StudyID: id, ParticipantID: leaving.ID, Kind: ownwords.EventJoined,
				Date: ownwords.Period{From: ownwords.Date{Year: 2014}, To: ownwords.Date{Year: 2014}}})
		}
		if err := late(); err != nil {
			t.Fatalf("an event before the withdrawal: %v", err)
		}
		for range 2 {
			if err := demo.Withdraw(ctx, st, id, s); err != nil {
				t.Fatal(err)
			}
			got := withdrawn()
			if len(got) != len(want) {
				t.Fatalf("withdrawals %v, want %v", got, want)
			}
			for code, d := range want {
				if got[code] != d {
					t.Fatalf("withdrawal of %s = %v, want %v", code, got[code], d)
				}
			}
		}
		if ownwords.ErrorCode(late()) != ownwords.EINVALID {
			t.Fatal("the store took an event about a participant who withdrew")
		}
	})
}
