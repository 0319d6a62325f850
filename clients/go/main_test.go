package herald_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The live Herald the tests talk to: the one at $HERALD_URL (with $HERALD_API_KEY), or one started
// here from this repository (node apps/server/src/main.ts start, on an embedded PostgreSQL in a temp dir).
var heraldURL, heraldKey string

const testKey = "go-client-test-key-0123456789"

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if u, k := os.Getenv("HERALD_URL"), os.Getenv("HERALD_API_KEY"); u != "" && k != "" {
		heraldURL, heraldKey = u, k
		return m.Run()
	}
	stop, err := startHerald()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	return m.Run()
}

func startHerald() (func(), error) {
	repo, _ := filepath.Abs("../..")
	node := filepath.Join(repo, "node_modules/.bin/node") // the repository pins Node 24
	if _, err := os.Stat(node); err != nil {
		node = "node"
	}
	dataDir, err := os.MkdirTemp("", "herald-go-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(node, "apps/server/src/main.ts", "start")
	cmd.Dir = repo
	env := []string{}
	for _, kv := range os.Environ() {
		if !regexp.MustCompile(`^DATABASE_URL=`).MatchString(kv) {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "NODE_ENV=development", "PORT=0", "HOST=127.0.0.1", "HERALD_DATA_DIR="+dataDir,
		"HERALD_API_KEY="+testKey, "HERALD_LOG_LEVEL=warn", "HERALD_RATE_LIMIT_PER_MINUTE=0",
		"HERALD_WORKER_POLL_INTERVAL_MS=100")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the embedded PostgreSQL goes with it
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		_ = os.RemoveAll(dataDir)
	}
	ready := make(chan string, 1)
	var log []string
	var mu sync.Mutex
	go func() {
		urlRe := regexp.MustCompile(`API and dashboard\s+(http://\S+)`)
		readyRe := regexp.MustCompile(`ready in \d+ ms`)
		url, isReady, sent := "", false, false
		s := bufio.NewScanner(out)
		for s.Scan() {
			line := s.Text()
			mu.Lock()
			log = append(log, line)
			mu.Unlock()
			if m := urlRe.FindStringSubmatch(line); m != nil {
				url = m[1]
			}
			isReady = isReady || readyRe.MatchString(line)
			// the banner says "ready in" first and the URL on a later line
			if isReady && url != "" && !sent {
				sent = true
				ready <- url
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case url := <-ready:
		heraldURL, heraldKey = url, testKey
		return stop, nil
	case <-time.After(90 * time.Second):
		stop()
		mu.Lock()
		defer mu.Unlock()
		return nil, fmt.Errorf("Herald did not start within 90 s:\n%v", log)
	}
}

// received is one request a receiver got: the raw body and the headers.
type received struct {
	header http.Header
	body   []byte
}

// newReceiver is a real HTTP receiver on 127.0.0.1 that hands every request to the channel.
func newReceiver(t *testing.T) (*httptest.Server, chan received) {
	ch := make(chan received, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- received{r.Header.Clone(), b}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}
