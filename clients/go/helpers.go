package herald

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"iter"
	"net/http"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// Webhook verifies received webhooks: the official Standard Webhooks library, re-exported.
type Webhook = standardwebhooks.Webhook

// NewWebhook takes an endpoint's whsec_ secret.
func NewWebhook(secret string) (*Webhook, error) { return standardwebhooks.NewWebhook(secret) }

// VerifyWebhook checks a received webhook (the raw body, exactly as received, and its headers).
func VerifyWebhook(secret string, body []byte, headers http.Header) error {
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		return err
	}
	return wh.Verify(body, headers)
}

// NewIdempotencyKey is a fresh Idempotency-Key: a repeat of a publish within 24 h is not duplicated.
func NewIdempotencyKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "idem_" + hex.EncodeToString(b)
}

// PublishOptions are the optional parts of Publish.
type PublishOptions struct {
	// IdempotencyKey (default: a new one, so retries of a 429/503 can never publish twice).
	IdempotencyKey string
	// Wait up to this many seconds (at most 30) for every endpoint's first attempt.
	Wait int
}

// Publish publishes a message, always with an Idempotency-Key.
func (c *Herald) Publish(ctx context.Context, app string, msg MessageIn, opts *PublishOptions) (*PublishedMessage, error) {
	if opts == nil {
		opts = &PublishOptions{}
	}
	key := opts.IdempotencyKey
	if key == "" {
		key = NewIdempotencyKey()
	}
	params := &PublishMessageParams{IdempotencyKey: &key}
	if opts.Wait > 0 {
		w := float32(opts.Wait)
		params.Wait = &w
	}
	res, err := c.PublishMessageWithResponse(ctx, app, params, msg)
	if err != nil {
		return nil, err
	}
	if res.JSON200 != nil {
		return res.JSON200, nil
	}
	return res.JSON202, nil
}

// Page is one page of a list: its items, whether this was the last and where the next page starts.
// Its fields are those of the generated XList types, so herald.Page[X](*r.JSON200) converts one.
type Page[T any] struct {
	Data     []T
	Done     bool
	Iterator *string
}

// Paginate yields every item of a list, fetching pages as they are used and following the iterator
// until the server says done. fetch reads the page starting at iterator (nil: the first), e.g.
//
//	herald.Paginate(ctx, func(ctx context.Context, it *string) (herald.Page[herald.Application], error) {
//		r, err := c.ListAppsWithResponse(ctx, &herald.ListAppsParams{Iterator: it})
//		if err != nil { return herald.Page[herald.Application]{}, err }
//		return herald.Page[herald.Application](*r.JSON200), nil
//	})
func Paginate[T any](ctx context.Context, fetch func(ctx context.Context, iterator *string) (Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var iterator *string
		for {
			page, err := fetch(ctx, iterator)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Data {
				if !yield(item, nil) {
					return
				}
			}
			if page.Done || page.Iterator == nil || (iterator != nil && *page.Iterator == *iterator) {
				return
			}
			iterator = page.Iterator
		}
	}
}

// FollowOptions are the optional parts of Follow.
type FollowOptions struct {
	// Consumer: start from the cursor the server keeps under this name, and ack it after each page.
	Consumer string
	// Iterator: start after this position (wins over the consumer's cursor).
	Iterator string
	// Wait: seconds a read is held open when nothing is there (default 30).
	Wait int
	// EventTypes and Channel filter the feed.
	EventTypes []string
	Channel    string
}

// Follow yields the application's messages in publish order, long-polling, until ctx ends or the loop
// breaks (then it yields ctx's error, or nothing). With a Consumer, the cursor is acked after each
// page has been handled in full, so the next Follow resumes there.
func (c *Herald) Follow(ctx context.Context, app string, opts FollowOptions) iter.Seq2[Message, error] {
	return func(yield func(Message, error) bool) {
		iterator := opts.Iterator
		if iterator == "" && opts.Consumer != "" {
			r, err := c.GetFeedConsumerWithResponse(ctx, app, opts.Consumer)
			if err != nil {
				yield(Message{}, err)
				return
			}
			if r.JSON200.Iterator != nil {
				iterator = *r.JSON200.Iterator
			}
		}
		wait := float32(opts.Wait)
		if opts.Wait == 0 {
			wait = 30
		}
		first := true
		for ctx.Err() == nil {
			params := &ReadEventsParams{}
			if iterator != "" {
				params.Iterator = &iterator
			}
			if len(opts.EventTypes) > 0 {
				params.EventTypes = &opts.EventTypes
			}
			if opts.Channel != "" {
				params.Channel = &opts.Channel
			}
			w := wait
			if first {
				w = 0 // the first read answers at once
			}
			params.Wait = &w
			first = false
			r, err := c.ReadEventsWithResponse(ctx, app, params)
			if err != nil {
				if ctx.Err() == nil {
					yield(Message{}, err)
				}
				return
			}
			for _, m := range r.JSON200.Data {
				if !yield(m, nil) {
					return
				}
			}
			if opts.Consumer != "" && r.JSON200.Iterator != iterator {
				if _, err := c.AckFeedConsumerWithResponse(ctx, app, opts.Consumer, FeedAck{Iterator: r.JSON200.Iterator}); err != nil {
					yield(Message{}, err)
					return
				}
			}
			iterator = r.JSON200.Iterator
		}
	}
}
