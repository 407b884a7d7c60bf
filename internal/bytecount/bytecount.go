// Package bytecount counts the bytes of a long job for its progress
// report (a bar on a terminal).
package bytecount

// Step is how many bytes pass between two reports: a report a read
// (32 KiB) would redraw a terminal's bar some 130,000 times for 4 GiB.
const Step = 1 << 20

// Counter counts the bytes written to it (an io.Writer, for io.TeeReader
// or io.MultiWriter) or added, and calls Report, if set, with the count
// and Total once a Step and when the count reaches Total.
type Counter struct {
	Done, Total int64
	Report      func(done, total int64)
}

func (b *Counter) Write(p []byte) (int, error) {
	b.Add(int64(len(p)))
	return len(p), nil
}

// Add counts n more bytes.
func (b *Counter) Add(n int64) {
	before := b.Done
	b.Done += n
	if b.Report != nil && n > 0 && (b.Done/Step != before/Step || b.Done == b.Total) {
		b.Report(b.Done, b.Total)
	}
}
