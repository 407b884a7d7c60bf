package sqldb

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// waitQueued waits until n waiters are queued on l.
func waitQueued(t *testing.T, l *fifoLock, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		l.mu.Lock()
		got := len(l.q)
		l.mu.Unlock()
		if got == n {
			return
		}
	}
	t.Fatalf("%d waiters never queued", n)
}

// TestFIFOLockOrder checks that waiters get the lock in arrival order, and
// that a waiter whose context ends leaves the queue without the lock.
func TestFIFOLockOrder(t *testing.T) {
	tests := []struct {
		name    string
		waiters int
		cancel  map[int]bool // waiters whose context ends while queued
	}{
		{"OneWaiter", 1, nil},
		{"Eight", 8, nil},
		{"FirstGivesUp", 4, map[int]bool{0: true}},
		{"MiddleGiveUp", 6, map[int]bool{2: true, 3: true}},
		{"LastGivesUp", 3, map[int]bool{2: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l fifoLock
			if err := l.lock(t.Context()); err != nil {
				t.Fatal(err)
			}
			var (
				mu      sync.Mutex
				order   []int
				wg      sync.WaitGroup
				cancels = map[int]context.CancelFunc{}
				errs    = make([]error, tt.waiters)
			)
			for i := range tt.waiters {
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				cancels[i] = cancel
				wg.Add(1)
				go func() {
					defer wg.Done()
					if errs[i] = l.lock(ctx); errs[i] != nil {
						return
					}
					mu.Lock()
					order = append(order, i)
					mu.Unlock()
					l.unlock()
				}()
				waitQueued(t, &l, i+1)
			}
			left := tt.waiters
			for i := range tt.waiters {
				if tt.cancel[i] {
					cancels[i]()
					left--
					waitQueued(t, &l, left)
				}
			}
			l.unlock()
			wg.Wait()
			var want []int
			for i := range tt.waiters {
				if tt.cancel[i] {
					if !errors.Is(errs[i], context.Canceled) {
						t.Errorf("waiter %d gave up: got %v, want context.Canceled", i, errs[i])
					}
				} else {
					want = append(want, i)
				}
			}
			if len(order) != len(want) {
				t.Fatalf("lock order %v, want %v", order, want)
			}
			for i := range want {
				if order[i] != want[i] {
					t.Fatalf("lock order %v, want %v", order, want)
				}
			}
			if l.held != 0 || len(l.q) != 0 {
				t.Fatalf("lock left held=%v with %d waiters", l.held, len(l.q))
			}
		})
	}
}

// TestFIFOLockCancelRace races a waiter's context ending against the lock
// being handed to it: whichever wins, the lock is never lost or doubled.
func TestFIFOLockCancelRace(t *testing.T) {
	var l fifoLock
	inside := 0
	for range 200 {
		if err := l.lock(t.Context()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() {
			err := l.lock(ctx)
			if err == nil {
				inside++
				if inside != 1 {
					t.Errorf("%d holders at once", inside)
				}
				inside--
				l.unlock()
			}
			done <- err
		}()
		waitQueued(t, &l, 1)
		// Cancel then hand over at once: the waiter, woken by its context,
		// usually finds the lock already handed to it and must pass it on.
		cancel()
		l.unlock()
		<-done
		// The lock must be free again: a fresh lock gets it at once.
		quick, stop := context.WithTimeout(t.Context(), 2*time.Second)
		if err := l.lock(quick); err != nil {
			t.Fatalf("lock lost after a cancelled hand-over: %v", err)
		}
		stop()
		l.unlock()
	}
	if l.held != 0 || len(l.q) != 0 {
		t.Fatalf("lock left held=%v with %d waiters", l.held, len(l.q))
	}
}

// TestFIFOSemaphore checks a lock of several slots: that many holders get
// it at once, later ones queue and get a freed slot in arrival order, one
// giving up while queued leaves without a slot, and every slot comes back.
func TestFIFOSemaphore(t *testing.T) {
	const slots, waiters = 3, 6
	l := fifoLock{slots: slots}
	for range slots {
		quick, stop := context.WithTimeout(t.Context(), time.Second)
		if err := l.lock(quick); err != nil {
			t.Fatalf("a free slot was not given at once: %v", err)
		}
		stop()
	}
	var (
		mu    sync.Mutex
		order []int
		wg    sync.WaitGroup
	)
	gone, cancel := context.WithCancel(t.Context())
	for i := range waiters {
		ctx := t.Context()
		if i == 1 {
			ctx = gone
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.lock(ctx); err != nil {
				if i != 1 {
					t.Errorf("waiter %d: %v", i, err)
				}
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		}()
		waitQueued(t, &l, i+1)
	}
	cancel()
	waitQueued(t, &l, waiters-1)
	// Each freed slot goes to the longest waiter, which keeps it.
	for n := range waiters - 1 {
		l.unlock()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
			mu.Lock()
			got := len(order)
			mu.Unlock()
			if got == n+1 {
				break
			} else if time.Now().After(deadline) {
				t.Fatalf("a freed slot was not taken: order %v", order)
			}
		}
	}
	wg.Wait()
	if want := []int{0, 2, 3, 4, 5}; !slices.Equal(order, want) {
		t.Errorf("slots taken in order %v, want %v", order, want)
	}
	if l.held != slots || len(l.q) != 0 {
		t.Errorf("held %d with %d waiters, want %d and none", l.held, len(l.q), slots)
	}
	for range slots {
		l.unlock()
	}
	if l.held != 0 {
		t.Errorf("held %d after every holder left", l.held)
	}
}
