// Package atomicfile writes files so that a reader, or a later run after
// a crash or an interrupt, sees either the old file or the complete new
// one — never half of it. Every file the engine writes (tokenizers,
// figures, checkpoints, cached objects) goes through it.
//
// The recipe: write a temporary file in the same directory (a rename is
// atomic only within one file system), fsync it so its bytes are on disk
// before its name is, rename it over the destination, then fsync the
// directory so the rename itself survives a crash.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically with permissions 0644.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write streams a file to path atomically: fill writes the content, and
// the file appears under path only if fill and every step after it
// succeed. On any error the temporary file is removed and path is left as
// it was. Errors name path.
func Write(path string, fill func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = fill(f); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// CreateTemp makes the file private (0600); what the engine writes is
	// for everyone to read.
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// Best effort: some file systems cannot sync a directory, and the
	// file is already complete under its name.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
