package emulator

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server is an emulator listening on a real address.
type Server struct {
	// URL is the base URL, http://host:port.
	URL      string
	Emulator *Emulator

	srv  *http.Server
	done chan struct{}
}

// Start listens on addr (port 0 picks a free port) and serves a new
// emulator until Close. An invalid Options.SeedFile is an error.
func Start(addr string, opts Options) (*Server, error) {
	if opts.SeedFile != nil {
		if err := opts.SeedFile.Validate(); err != nil {
			return nil, fmt.Errorf("seed file: %w", err)
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	e := New(opts)
	s := &Server{
		URL:      "http://" + ln.Addr().String(),
		Emulator: e,
		srv:      &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second},
		done:     make(chan struct{}),
	}
	e.mu.Lock()
	e.baseURL = s.URL
	e.mu.Unlock()
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln) // returns http.ErrServerClosed after Close
	}()
	return s, nil
}

// Close stops the server, letting in-flight calls finish for up to five
// seconds before closing their connections.
func (s *Server) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
	}
	<-s.done
}
