package tensor

import (
	"testing"
	"unsafe"

	"gonum.org/v1/gonum/mat"
)

func storage(m *mat.Dense) *float64 { return unsafe.SliceData(m.RawMatrix().Data) }

func TestRecycledStorageComesBackZeroed(t *testing.T) {
	m := New(64, 128) // 8192 values: pooled
	for i := range m.RawMatrix().Data {
		m.RawMatrix().Data[i] = float64(i) + 1
	}
	Recycle(m)
	again := New(128, 64) // the same length, another shape
	if storage(again) != storage(m) {
		t.Fatal("New did not reuse the recycled storage")
	}
	for i, x := range again.RawMatrix().Data {
		if x != 0 {
			t.Fatalf("entry %d of reused storage is %v, want 0", i, x)
		}
	}
	if r, c := again.Dims(); r != 128 || c != 64 {
		t.Fatalf("dims %d×%d", r, c)
	}
	if other := New(128, 64); storage(other) == storage(again) {
		t.Fatal("the pool handed the same storage out twice")
	}
}

func TestRecycleSkipsSmallAndViews(t *testing.T) {
	small := New(8, 8)
	Recycle(small)
	if s := fromPool(64); s != nil {
		t.Error("a 64-value matrix went into the pool")
	}
	big := New(128, 128)
	view := big.Slice(0, 128, 0, 64).(*mat.Dense) // stride 128, 64 columns
	Recycle(view)
	if s := fromPool(128 * 64); s != nil {
		t.Error("a view into larger storage went into the pool")
	}
	Recycle(nil) // no-op
}

func TestNewUninitReusesWithoutClearing(t *testing.T) {
	m := New(64, 64)
	m.RawMatrix().Data[5] = 7
	Recycle(m)
	u := NewUninit(64, 64)
	if storage(u) != storage(m) || u.RawMatrix().Data[5] != 7 {
		t.Fatal("NewUninit did not take the pooled storage as it was")
	}
	if z := NewUninit(64, 64); z.RawMatrix().Data[5] != 0 { // fresh storage is zero
		t.Fatal("fresh storage from NewUninit is not zero")
	}
	if e := NewUninit(0, 3); e.RawMatrix().Cols != 3 {
		t.Fatal("NewUninit(0, 3) lost its columns")
	}
}
