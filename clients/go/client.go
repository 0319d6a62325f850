// Package herald is the Go client for Herald, the self-hosted webhook delivery platform.
//
// herald.gen.go is generated from Herald's OpenAPI document by oapi-codegen (npm run clients --
// generate); this file and its neighbours are the small hand-written layer: New (API key, retries of
// 429/503 honouring Retry-After, error statuses as *Error), Paginate, Follow (the events feed),
// Publish (with an idempotency key) and webhook verification from the official standardwebhooks
// library.
//
//	c, _ := herald.New("http://127.0.0.1:8080", apiKey)
//	msg, _ := c.Publish(ctx, "acme", herald.MessageIn{EventType: "invoice.paid", Payload: map[string]any{"invoiceId": "in_123"}}, nil)
package herald

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Herald is the generated ClientWithResponses set up with an API key, retries and errors as *Error:
// every generated XWithResponse method returns a non-nil error for a 4xx or 5xx answer, so on success
// its JSON200 (JSON201, ...) is set.
type Herald struct {
	*ClientWithResponses
	BaseURL string
}

// Options tunes New; the zero value is the defaults.
type Options struct {
	// HTTPClient sends the requests (default: one with a 40 s timeout, enough for the 30 s long polls).
	HTTPClient *http.Client
	// Retries of a 429 or 503 answer (default 3; -1 for none).
	Retries int
	// MaxRetryDelay caps a Retry-After (default 60 s).
	MaxRetryDelay time.Duration
}

// New returns a client for the Herald at baseURL (e.g. http://127.0.0.1:8080) using apiKey.
func New(baseURL, apiKey string, opts ...Options) (*Herald, error) {
	if baseURL == "" || apiKey == "" {
		return nil, errors.New("herald: baseURL and apiKey are required")
	}
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	httpClient := o.HTTPClient
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 40 * time.Second}
	}
	retries := o.Retries
	if retries == 0 {
		retries = 3
	} else if retries < 0 {
		retries = 0
	}
	retrying := *httpClient
	retrying.Transport = &RetryTransport{Base: httpClient.Transport, Retries: retries, MaxDelay: o.MaxRetryDelay}
	baseURL = strings.TrimRight(baseURL, "/")
	c, err := NewClientWithResponses(baseURL,
		WithHTTPClient(errorDoer{&retrying}),
		WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+apiKey)
			return nil
		}),
	)
	if err != nil {
		return nil, err
	}
	return &Herald{ClientWithResponses: c, BaseURL: baseURL}, nil
}

// Error is Herald's answer to a request that failed: the status and the RFC 9457 problem details
// (nil when the body was not one, e.g. from a proxy). Use errors.As to get it.
type Error struct {
	Status  int
	Problem *Problem
	Body    []byte
}

func (e *Error) Error() string {
	if e.Problem != nil {
		return fmt.Sprintf("herald: %d %s: %s", e.Status, e.Problem.Title, e.Problem.Detail)
	}
	return fmt.Sprintf("herald: %d %s", e.Status, strings.TrimSpace(string(e.Body)))
}

// Code is the problem's stable error code (not_found, validation_failed, ...), or "http_<status>".
func (e *Error) Code() string {
	if e.Problem != nil {
		return string(e.Problem.Code)
	}
	return fmt.Sprintf("http_%d", e.Status)
}

// errorDoer turns an error status into an *Error before the generated code parses the answer.
type errorDoer struct{ client *http.Client }

func (d errorDoer) Do(req *http.Request) (*http.Response, error) {
	res, err := d.client.Do(req)
	if err != nil || res.StatusCode < 400 {
		return res, err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	e := &Error{Status: res.StatusCode, Body: body}
	var p Problem
	if json.Unmarshal(body, &p) == nil && p.Status != 0 {
		e.Problem = &p
	}
	return nil, e
}
