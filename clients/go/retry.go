package herald

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryTransport retries a request answered 429 or 503 (Herald took nothing: rate limited or
// overloaded) after the delay its Retry-After asks for (else exponential backoff with jitter), at most
// Retries times, then returns the last answer. Bodies are replayed, so POSTs are retried too.
type RetryTransport struct {
	Base     http.RoundTripper // default http.DefaultTransport
	Retries  int
	MaxDelay time.Duration // default 60 s
	Backoff  time.Duration // default 500 ms
}

func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	var body []byte
	if req.Body != nil && req.GetBody == nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 || body != nil {
			r = req.Clone(req.Context())
			if body != nil {
				r.Body = io.NopCloser(bytes.NewReader(body))
			} else if req.GetBody != nil {
				b, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r.Body = b
			}
		}
		res, err := base.RoundTrip(r)
		if err != nil || (res.StatusCode != 429 && res.StatusCode != 503) || attempt >= t.Retries {
			return res, err
		}
		delay := RetryDelay(res, attempt, t.Backoff, t.MaxDelay)
		io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16))
		res.Body.Close()
		timer := time.NewTimer(delay)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
	}
}

// RetryDelay is how long to wait before retrying res: its Retry-After (seconds or an HTTP date), else
// backoff·2^attempt with jitter; never more than maxDelay (default 60 s).
func RetryDelay(res *http.Response, attempt int, backoff, maxDelay time.Duration) time.Duration {
	if backoff <= 0 {
		backoff = 500 * time.Millisecond
	}
	if maxDelay <= 0 {
		maxDelay = 60 * time.Second
	}
	delay := time.Duration(-1)
	if v := strings.TrimSpace(res.Header.Get("Retry-After")); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			delay = time.Duration(s) * time.Second
		} else if when, err := http.ParseTime(v); err == nil {
			delay = max(time.Until(when), 0)
		}
	}
	if delay < 0 {
		delay = time.Duration(float64(backoff<<attempt) * (0.5 + rand.Float64()))
	}
	return min(delay, maxDelay)
}
