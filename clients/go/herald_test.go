package herald_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	herald "example.com/herald-go"
)

func client(t *testing.T) *herald.Herald {
	t.Helper()
	c, err := herald.New(heraldURL, heraldKey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

func TestPublishDeliverVerifyAttemptsAndFeed(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := client(t)
	srv, got := newReceiver(t)

	app, err := c.CreateAppWithResponse(ctx, herald.ApplicationIn{Name: "Go client"})
	if err != nil {
		t.Fatal(err)
	}
	appID := app.JSON201.Id
	ep, err := c.CreateEndpointWithResponse(ctx, appID, herald.EndpointIn{Url: ptr(srv.URL + "/hook"), Uid: ptr("main")})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := c.GetEndpointSecretWithResponse(ctx, appID, "main")
	if err != nil {
		t.Fatal(err)
	}

	payload := map[string]any{"invoiceId": "in_123", "amount": 4200}
	msg, err := c.Publish(ctx, appID, herald.MessageIn{EventType: "invoice.paid", Payload: payload}, &herald.PublishOptions{IdempotencyKey: "k-1"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Publish(ctx, appID, herald.MessageIn{EventType: "invoice.paid", Payload: payload}, &herald.PublishOptions{IdempotencyKey: "k-1"})
	if err != nil || again.Id != msg.Id {
		t.Fatalf("the same idempotency key gave %v, %v; want %s", again, err, msg.Id)
	}

	var r received
	select {
	case r = <-got:
	case <-time.After(20 * time.Second):
		t.Fatal("no webhook within 20 s")
	}
	if r.header.Get("webhook-id") != msg.Id {
		t.Fatalf("webhook-id %q, want %q", r.header.Get("webhook-id"), msg.Id)
	}
	if err := herald.VerifyWebhook(secret.JSON200.Key, r.body, r.header); err != nil {
		t.Fatalf("verify: %v", err)
	}
	if err := herald.VerifyWebhook(secret.JSON200.Key, append(r.body, ' '), r.header); err == nil {
		t.Fatal("a changed body verified")
	}
	var event struct {
		Type string         `json:"type"`
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(r.body, &event); err != nil || event.Type != "invoice.paid" || event.Data["invoiceId"] != "in_123" {
		t.Fatalf("body %s (%v)", r.body, err)
	}

	// the attempt is recorded just after the receiver answered: read until it shows (bounded)
	var succeeded []string
	for deadline := time.Now().Add(15 * time.Second); len(succeeded) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		attempts := herald.Paginate(ctx, func(ctx context.Context, it *string) (herald.Page[herald.Attempt], error) {
			r, err := c.ListAttemptsWithResponse(ctx, appID, &herald.ListAttemptsParams{Iterator: it})
			if err != nil {
				return herald.Page[herald.Attempt]{}, err
			}
			return herald.Page[herald.Attempt](*r.JSON200), nil
		})
		for a, err := range attempts {
			if err != nil {
				t.Fatal(err)
			}
			if a.Status == herald.AttemptStatusSucceeded {
				succeeded = append(succeeded, a.EndpointId)
			}
		}
	}
	if len(succeeded) != 1 || succeeded[0] != ep.JSON201.Id {
		t.Fatalf("succeeded attempts to %v, want [%s]", succeeded, ep.JSON201.Id)
	}

	// the feed with a consumer cursor the server keeps: a page handled in full is acked; the message
	// the loop broke out on is not, so the next Follow starts with it again (at least once)
	var seen []string
	var later *herald.PublishedMessage
	for m, err := range c.Follow(ctx, appID, herald.FollowOptions{Consumer: "go", Wait: 5}) {
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, m.Id)
		if m.Id == msg.Id {
			if later, err = c.Publish(ctx, appID, herald.MessageIn{EventType: "invoice.voided", Payload: map[string]any{}}, nil); err != nil {
				t.Fatal(err)
			}
		} else {
			break
		}
	}
	if len(seen) != 2 || seen[0] != msg.Id || seen[1] != later.Id {
		t.Fatalf("feed gave %v, want [%s %s]", seen, msg.Id, later.Id)
	}
	for m, err := range c.Follow(ctx, appID, herald.FollowOptions{Consumer: "go", Wait: 5}) {
		if err != nil {
			t.Fatal(err)
		}
		if m.Id != later.Id {
			t.Fatalf("resumed at %s, want %s", m.Id, later.Id)
		}
		break
	}
}

func TestErrorsAreProblemDetails(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	_, err := c.GetAppWithResponse(ctx, "app_does_not_exist")
	var he *herald.Error
	if !errors.As(err, &he) || he.Status != 404 || he.Code() != "not_found" {
		t.Fatalf("got %v, want a 404 not_found *herald.Error", err)
	}
	app, err := c.CreateAppWithResponse(ctx, herald.ApplicationIn{Name: "errors"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateEndpointWithResponse(ctx, app.JSON201.Id, herald.EndpointIn{Url: ptr("not a url")})
	if !errors.As(err, &he) || he.Status != 422 || he.Problem.Errors == nil || !strings.Contains((*he.Problem.Errors)[0].Path, "url") {
		t.Fatalf("got %v, want a 422 naming url", err)
	}
	wrong, _ := herald.New(heraldURL, "wrong-key-0123456789")
	if _, err := wrong.ListAppsWithResponse(ctx, nil); !errors.As(err, &he) || he.Status != 401 {
		t.Fatalf("got %v, want 401", err)
	}
}

func TestPaginateFollowsTheIterator(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	made := map[string]bool{}
	for i := 0; i < 3; i++ {
		r, err := c.CreateAppWithResponse(ctx, herald.ApplicationIn{Name: "page"})
		if err != nil {
			t.Fatal(err)
		}
		made[r.JSON201.Id] = true
	}
	pages := 0
	seen := map[string]bool{}
	for a, err := range herald.Paginate(ctx, func(ctx context.Context, it *string) (herald.Page[herald.Application], error) {
		pages++
		r, err := c.ListAppsWithResponse(ctx, &herald.ListAppsParams{Limit: ptr(1), Iterator: it})
		if err != nil {
			return herald.Page[herald.Application]{}, err
		}
		return herald.Page[herald.Application](*r.JSON200), nil
	}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[a.Id] {
			t.Fatalf("%s twice", a.Id)
		}
		seen[a.Id] = true
	}
	for id := range made {
		if !seen[id] {
			t.Fatalf("%s not listed", id)
		}
	}
	if pages < 3 {
		t.Fatalf("%d pages, want one per app", pages)
	}
}

func TestRetries429And503HonouringRetryAfter(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	var bodies []string
	script := []struct {
		status int
		after  string
	}{{429, "1"}, {503, "0"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		times = append(times, time.Now())
		b := make([]byte, r.ContentLength)
		_, _ = r.Body.Read(b)
		bodies = append(bodies, string(b))
		w.Header().Set("content-type", "application/json")
		if len(script) > 0 {
			s := script[0]
			script = script[1:]
			w.Header().Set("Retry-After", s.after)
			w.WriteHeader(s.status)
			_, _ = w.Write([]byte(`{"type":"urn:herald:error:unavailable","title":"busy","status":503,"detail":"busy","code":"unavailable"}`))
			return
		}
		w.WriteHeader(202)
		_, _ = w.Write([]byte(`{"id":"msg_1","eventType":"a.b","eventId":null,"channels":[],"payload":{},"timestamp":"2026-11-24T14:42:29.224Z","requestId":null}`))
	}))
	defer srv.Close()
	c, err := herald.New(srv.URL, "k")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := c.Publish(context.Background(), "app", herald.MessageIn{EventType: "a.b", Payload: map[string]any{"n": 1}}, nil)
	if err != nil || msg.Id != "msg_1" {
		t.Fatalf("got %v, %v", msg, err)
	}
	if len(times) != 3 || times[1].Sub(times[0]) < 950*time.Millisecond {
		t.Fatalf("%d requests, first wait %v; want 3 and ≥ 1 s", len(times), times[1].Sub(times[0]))
	}
	if bodies[0] == "" || bodies[0] != bodies[2] {
		t.Fatalf("the retried body changed: %q then %q", bodies[0], bodies[2])
	}

	// gives up after the retries with the last answer as an error
	script = []struct {
		status int
		after  string
	}{{503, "0"}, {503, "0"}, {503, "0"}}
	times = nil
	few, _ := herald.New(srv.URL, "k", herald.Options{Retries: 2})
	_, err = few.ListAppsWithResponse(context.Background(), nil)
	var he *herald.Error
	if !errors.As(err, &he) || he.Status != 503 || len(times) != 3 {
		t.Fatalf("got %v after %d requests; want a 503 after 3", err, len(times))
	}
}
