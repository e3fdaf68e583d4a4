// Command gofixture produces real Go profiles for fluoro's tests.
//
// Every Go profile gets recognisable culprit functions in package main:
//
//	cpu          main.hashLoop (with main.mix inlined into it), main.sortChunks,
//	             main.fib (recursive), main.matMul (cpu2 only); work runs under
//	             pprof.Do labels handler=checkout,region=eu and
//	             handler=search,region=us
//	heap         main.retainBuffers (kept alive in a global)
//	allocs       main.churnGarbage (garbage), main.retainBuffers
//	goroutine    main.parkedWorker (chan receive), main.sleepyPoller (sleep)
//	mutex        main.contendLock (sync.Mutex), main.contendRWLock (sync.RWMutex)
//	block        main.blockOnChannel, main.blockOnSelect (plus the lock waits)
//	custom       "fluoro.test/connections", entries added by main.openConnection
//	             called from main.dialDatabase and main.dialCache
//
// Usage:
//
//	gofixture -out DIR      write every profile into DIR and exit
//	gofixture -serve ADDR   serve net/http/pprof on ADDR (WriteTimeout 5s)
//
// capture.sh builds and runs it; see README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"time"
)

func init() {
	// Go's default, set explicitly: one sample per 512 KiB allocated on average.
	// It must be set before the allocations we want to see.
	runtime.MemProfileRate = 512 * 1024
}

// ---------------------------------------------------------------- CPU

// mix is small enough for the compiler to inline into hashLoop, so the CPU
// profile holds locations with two lines: main.mix and main.hashLoop.
func mix(h uint32, b byte) uint32 {
	return (h ^ uint32(b)) * 16777619
}

//go:noinline
func hashLoop(buf []byte, rounds int) uint32 {
	h := uint32(2166136261)
	for r := 0; r < rounds; r++ {
		for _, b := range buf {
			h = mix(h, b)
		}
	}
	return h
}

// lcg is a deterministic pseudo-random sequence (no math/rand seeding).
type lcg uint64

func (s *lcg) next() int {
	*s = *s*6364136223846793005 + 1442695040888963407
	return int(*s >> 33)
}

//go:noinline
func sortChunks(chunks, size int) int {
	seed := lcg(42)
	data := make([]int, size)
	sum := 0
	for c := 0; c < chunks; c++ {
		for i := range data {
			data[i] = seed.next()
		}
		sort.Ints(data)
		sum += data[size/2]
	}
	return sum
}

// fib is deliberately recursive: the profile has main.fib calling main.fib.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

//go:noinline
func matMul(n, reps int) float64 {
	a := make([]float64, n*n)
	b := make([]float64, n*n)
	c := make([]float64, n*n)
	for i := range a {
		a[i] = float64(i%7) + 0.5
		b[i] = float64(i%5) - 0.5
	}
	for r := 0; r < reps; r++ {
		for i := 0; i < n; i++ {
			for k := 0; k < n; k++ {
				aik := a[i*n+k]
				for j := 0; j < n; j++ {
					c[i*n+j] += aik * b[k*n+j]
				}
			}
		}
	}
	return c[n+1]
}

var sink int

var (
	checkout = pprof.Labels("handler", "checkout", "region", "eu")
	search   = pprof.Labels("handler", "search", "region", "us")
)

// cpuWorkload is the mix of cpu.pb.gz: hashLoop (labelled checkout/eu) and
// sortChunks (labelled search/us) run in parallel goroutines, then fib
// (unlabelled) runs on the main goroutine.
func cpuWorkload() {
	buf := make([]byte, 64*1024)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		pprof.Do(ctx, checkout, func(context.Context) {
			sink += int(hashLoop(buf, 12000))
		})
	}()
	go func() {
		defer wg.Done()
		pprof.Do(ctx, search, func(context.Context) {
			sink += sortChunks(120, 40000)
		})
	}()
	wg.Wait()
	sink += fib(38)
}

// cpu2Workload is the mix of cpu2.pb.gz, for merge and diff tests: less
// hashLoop, more sortChunks, no fib, and matMul which cpu.pb.gz lacks.
func cpu2Workload() {
	buf := make([]byte, 64*1024)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	ctx := context.Background()
	pprof.Do(ctx, checkout, func(context.Context) {
		sink += int(hashLoop(buf, 4000))
	})
	pprof.Do(ctx, search, func(context.Context) {
		sink += sortChunks(200, 40000)
	})
	sink += int(matMul(160, 40))
}

// ---------------------------------------------------------------- memory

var retained [][]byte

// retainBuffers keeps 8 MiB alive in a global: it owns heap inuse_space.
//
//go:noinline
func retainBuffers() {
	for i := 0; i < 128; i++ {
		retained = append(retained, make([]byte, 64*1024))
	}
}

var garbageSink []byte

// churnGarbage allocates n x 32 KiB that dies at once (256 MiB in -out
// mode): it owns allocs alloc_space but has (almost) nothing in use.
//
//go:noinline
func churnGarbage(n int) {
	for i := 0; i < n; i++ {
		b := make([]byte, 32*1024)
		b[i%len(b)] = byte(i)
		garbageSink = b
	}
	garbageSink = nil
}

// ---------------------------------------------------------------- goroutines

var (
	parkCh  = make(chan int)
	parkWG  sync.WaitGroup
	started sync.WaitGroup
)

// parkedWorker blocks forever on a channel receive.
func parkedWorker(id int) {
	started.Done()
	v := <-parkCh
	sink += v + id
}

// sleepyPoller sleeps for an hour.
func sleepyPoller() {
	started.Done()
	time.Sleep(time.Hour)
}

func startGoroutines() {
	started.Add(8 + 3)
	for i := 0; i < 8; i++ {
		go parkedWorker(i)
	}
	for i := 0; i < 3; i++ {
		go sleepyPoller()
	}
	started.Wait()
	time.Sleep(50 * time.Millisecond) // let them reach their blocking points
}

// ---------------------------------------------------------------- mutex

var (
	mu      sync.Mutex
	rw      sync.RWMutex
	counter int
)

// contendLock: four goroutines take turns on one mutex and hold it for
// 200 us each time (a sleep, like I/O under a lock), so nearly every Unlock
// hands over to a waiter and the mutex profile records it.
//
//go:noinline
func contendLock(iters int) {
	for i := 0; i < iters; i++ {
		mu.Lock()
		time.Sleep(200 * time.Microsecond)
		counter++
		mu.Unlock()
	}
}

// contendRWLock: writers and readers on one RWMutex, each holding it for a
// while; a writer's Unlock releases waiting readers, a reader's RUnlock
// releases a waiting writer.
//
//go:noinline
func contendRWLock(iters int, write bool) {
	for i := 0; i < iters; i++ {
		if write {
			rw.Lock()
			time.Sleep(200 * time.Microsecond)
			counter++
			rw.Unlock()
		} else {
			rw.RLock()
			time.Sleep(100 * time.Microsecond)
			sink += counter
			rw.RUnlock()
		}
	}
}

func mutexWorkload() {
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() { defer wg.Done(); contendLock(40) }()
	}
	wg.Wait()
	// A second phase, so that the RWMutex is contended on its own.
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) { defer wg.Done(); contendRWLock(40, g%2 == 0) }(g)
	}
	wg.Wait()
}

// ---------------------------------------------------------------- block

// blockOnChannel waits on a channel whose sender sleeps 15 ms each time.
//
//go:noinline
func blockOnChannel(n int) {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			time.Sleep(15 * time.Millisecond)
			ch <- i
		}
	}()
	for i := 0; i < n; i++ {
		sink += <-ch
	}
}

// blockOnSelect waits in a select for a 5 ms timer.
//
//go:noinline
func blockOnSelect(n int) {
	never := make(chan int)
	for i := 0; i < n; i++ {
		select {
		case v := <-never:
			sink += v
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// ---------------------------------------------------------------- custom profile

var connections = pprof.NewProfile("fluoro.test/connections")

type conn struct{ addr string }

// openConnection adds the connection to the custom profile. Add's skip
// counts from Add itself: skip=0 would record runtime/pprof.(*Profile).Add as
// the leaf frame, skip=1 makes main.openConnection the leaf.
//
//go:noinline
func openConnection(addr string) *conn {
	c := &conn{addr: addr}
	connections.Add(c, 1)
	return c
}

func closeConnection(c *conn) { connections.Remove(c) }

var conns []*conn

//go:noinline
func dialDatabase(n int) {
	for i := 0; i < n; i++ {
		conns = append(conns, openConnection(fmt.Sprintf("db-%d:5432", i)))
	}
}

//go:noinline
func dialCache(n int) {
	for i := 0; i < n; i++ {
		conns = append(conns, openConnection(fmt.Sprintf("cache-%d:6379", i)))
	}
}

func openConnections() {
	dialDatabase(3)
	dialCache(2)
	closeConnection(conns[len(conns)-1]) // one removed: 4 remain (3 db, 1 cache)
	conns = conns[:len(conns)-1]
}

// ---------------------------------------------------------------- modes

func writeProfile(dir, name string, file string, debug int) {
	f, err := os.Create(filepath.Join(dir, file))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup(name).WriteTo(f, debug); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func cpuProfile(dir, file string, work func()) {
	f, err := os.Create(filepath.Join(dir, file))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	work()
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func capture(dir string) {
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)

	startGoroutines()
	openConnections()
	retainBuffers()
	churnGarbage(8192)
	mutexWorkload()
	blockOnChannel(60)
	blockOnSelect(20)
	// Stop recording blocking events so the CPU phases below (WaitGroup waits,
	// StopCPUProfile) do not swamp the block profile. Recorded events stay.
	// The mutex fraction stays 1: the mutex profile is scaled by it when
	// written, and 0 would zero every value.
	runtime.SetBlockProfileRate(0)

	cpuProfile(dir, "cpu.pb.gz", cpuWorkload)
	cpuProfile(dir, "cpu2.pb.gz", cpu2Workload)

	// The heap profile reports in-use data as of the last completed GC.
	runtime.GC()

	for _, p := range []struct {
		name, file string
		debug      int
	}{
		{"heap", "heap.pb.gz", 0},
		{"allocs", "allocs.pb.gz", 0},
		{"goroutine", "goroutine.pb.gz", 0},
		{"mutex", "mutex.pb.gz", 0},
		{"block", "block.pb.gz", 0},
		{"threadcreate", "threadcreate.pb.gz", 0},
		{"fluoro.test/connections", "custom.pb.gz", 0},
		{"heap", "heap.debug1.txt", 1},
		{"goroutine", "goroutine.debug1.txt", 1},
		{"mutex", "mutex.debug1.txt", 1},
		{"block", "block.debug1.txt", 1},
		{"threadcreate", "threadcreate.debug1.txt", 1},
		{"fluoro.test/connections", "custom.debug1.txt", 1},
		{"goroutine", "goroutine.debug2.txt", 2},
	} {
		writeProfile(dir, p.name, p.file, p.debug)
	}
	runtime.KeepAlive(retained)
}

// background keeps a labelled load running while serving (about half a CPU
// and 50 MiB/s of garbage), so that CPU profiles and heap delta profiles
// taken over HTTP are not empty.
func background() {
	buf := make([]byte, 16*1024)
	pprof.Do(context.Background(), checkout, func(context.Context) {
		for {
			sink += int(hashLoop(buf, 1000))
			churnGarbage(32)
			time.Sleep(20 * time.Millisecond)
		}
	})
}

func serve(addr string) {
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	startGoroutines()
	openConnections()
	retainBuffers()
	runtime.GC() // publish retainBuffers in the heap profile
	go background()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: http.DefaultServeMux, WriteTimeout: 5 * time.Second}
	fmt.Printf("http://%s/debug/pprof/\n", ln.Addr())
	log.Fatal(srv.Serve(ln))
}

func main() {
	out := flag.String("out", "", "write every profile into this directory and exit")
	addr := flag.String("serve", "", "serve net/http/pprof on this address (e.g. 127.0.0.1:0)")
	flag.Parse()
	switch {
	case *addr != "":
		serve(*addr)
	case *out != "":
		capture(*out)
	default:
		flag.Usage()
		os.Exit(2)
	}
}
