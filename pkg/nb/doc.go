// Package nb holds the helpers a notebook cell needs around the engine:
// stopping a cell cleanly on an error, and computing an expensive result
// once and reloading it in later cells.
//
// # GoNB's model
//
// Under GoNB every cell is compiled and run as a fresh process. The
// declarations of earlier cells (functions, types, constants) carry over,
// because GoNB keeps their source; their values do not. A tokenizer
// trained in one cell is gone when the next cell starts, so a later cell
// that needs it must recompute it — or load it from a cache.
//
// # Errors
//
// Must, Must0 and Must2 stop the cell when an error is not nil: they print
// "✗ <error>" on stderr and exit with status 1. GoNB then reports "exit
// status 1", and the course's notebook harness fails the cell. There is
// no Go stack trace to read past: the message is the error's own.
//
// # The cache
//
// Cached (and CachedFile, for types that save themselves) stores a result
// under a name derived from three things:
//
//   - the caller's key, e.g. "bpe-go-spec";
//   - a canonical encoding (JSON, whose map keys are sorted) of the
//     caller's inputs, which should hold everything the result depends
//     on: the corpus bytes' hash, the vocabulary size, a seed;
//   - the engine's version: a SHA-256 of every file under the module's
//     pkg/ directory that can reach a build (Go and assembly sources,
//     embedded data such as the corpus snapshot; not tests or testdata),
//     and of go.mod and go.sum, which pin the engine's dependencies, found
//     from this package's own source path.
//
// Changing an input, or any line of the engine, therefore changes the
// name, and a stale result is never found. If the engine's sources cannot
// be found at run time (a binary built with -trimpath, or moved away from
// its sources), nothing is cached: the result is computed every time,
// because a cache whose staleness cannot be judged is worse than none.
//
// Entries live in $LLMINTERNALS_CACHE, or else in os.UserCacheDir()/
// llminternals. They are written atomically (a reader sees a whole entry
// or none), so concurrent writers of one entry are harmless: the last
// rename wins and both wrote the same value. An entry that fails its
// checksum or does not decode is recomputed, never fatal. A cache that
// cannot be written costs a warning on stderr, not the result.
package nb
