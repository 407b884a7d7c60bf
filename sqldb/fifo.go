package sqldb

import (
	"context"
	"sync"
)

// fifoLock is a mutex whose waiters get it in arrival order, and which a
// waiter can give up on when its context ends. SQLite writers queue on it before
// they ask the pool for a connection: database/sql hands a freed
// connection to a random waiter, so under load some writes waited for
// many others that arrived after them (the p99 of bench/load).
type fifoLock struct {
	mu   sync.Mutex
	held bool
	q    []chan struct{}
}

// lock waits for the lock in arrival order; it returns ctx's error, not
// holding the lock, if ctx ends first.
func (l *fifoLock) lock(ctx context.Context) error {
	l.mu.Lock()
	if !l.held {
		l.held = true
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

// unlock hands the lock to the longest waiter, or frees it.
func (l *fifoLock) unlock() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.q) == 0 {
		l.held = false
		return
	}
	ch := l.q[0]
	l.q[0] = nil
	l.q = l.q[1:]
	close(ch)
}
