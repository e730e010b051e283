package tokenizer

import (
	"fmt"

	"llminternals/pkg/internal/atomicfile"
)

// writeFileAtomic writes data to path so that readers see either the old
// file or the complete new one, never a half-written file.
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("tokenizer: %w", err)
	}
	return nil
}
