package emulator

import "time"

// clock is the emulator's notion of time: a base clock plus an offset that
// tests move forward with Advance. Every time-dependent rule (review delay,
// edit quota, deleted-name lock, pause duration, hourly rate windows) reads
// this clock, never the wall clock directly.
type clock struct {
	base   func() time.Time
	offset time.Duration
}

func newClock(base func() time.Time) *clock {
	return &clock{base: base}
}

func (c *clock) now() time.Time {
	return c.base().Add(c.offset)
}

func (c *clock) advance(d time.Duration) {
	if d > 0 {
		c.offset += d
	}
}

func (c *clock) reset() {
	c.offset = 0
}

// Advance moves the emulator clock forward by d. Negative durations are
// ignored. Pending reviews and pauses that fall due are settled on the next
// request.
func (e *Emulator) Advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clock.advance(d)
}

// now returns the emulator time. Callers hold e.mu.
func (e *Emulator) now() time.Time {
	return e.clock.now()
}
