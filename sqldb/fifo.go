package sqldb

import (
	"context"
	"sync"
)

// fifoLock is a mutex, or with slots > 1 a semaphore of that many holders,
// whose waiters get it in arrival order, and which a waiter can give up on
// when its context ends. Writers queue on it before they ask the pool for
// a connection: database/sql hands a freed connection to a random waiter,
// so under load some writes waited for many others that arrived after
// them (the p99 of bench/load).
type fifoLock struct {
	mu    sync.Mutex
	slots int // holders at once; 0 means 1
	held  int
	q     []chan struct{}
}

// lock waits for the lock in arrival order; it returns ctx's error, not
// holding the lock, if ctx ends first.
func (l *fifoLock) lock(ctx context.Context) error {
	l.mu.Lock()
	if l.held < max(l.slots, 1) {
		l.held++
		l.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	l.q = append(l.q, ch)
	l.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		for i, c := range l.q {
			if c == ch {
				l.q = append(l.q[:i], l.q[i+1:]...)
				l.mu.Unlock()
				return ctx.Err()
			}
		}
		// unlock handed the lock over meanwhile: pass it on.
		l.mu.Unlock()
		l.unlock()
		return ctx.Err()
	}
}

// unlock hands the lock (a slot) to the longest waiter, or frees it.
func (l *fifoLock) unlock() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.q) == 0 {
		l.held--
		return
	}
	ch := l.q[0]
	l.q[0] = nil
	l.q = l.q[1:]
	close(ch)
}
