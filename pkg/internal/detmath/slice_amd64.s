//go:build amd64 && !purego

#include "textflag.h"

// Vector forms of Tanh (tanh.go) and Exp (detmath.go): each lane performs
// exactly the IEEE operations of the scalar code, in the same order and
// with the same operands, so each result has the same bits. VADDPD,
// VSUBPD, VMULPD and VDIVPD round like ADDSD, SUBSD, MULSD and DIVSD
// (the MXCSR the Go runtime leaves at its default: round to nearest, no
// flush-to-zero); there is no VFMADD anywhere. Where the scalar code
// branches, every branch is computed on the whole vector and the lanes
// are blended by compare masks. Additions and multiplications are written
// with their operands in either order: both are commutative bit for bit
// (the one exception, which NaN payload propagates, needs two NaN
// operands, and no constant here is a NaN).
//
// Every constant is a vector of 8 copies (64 bytes): the AVX2 kernels use
// its first 32, the AVX-512 ones all of it. The hexadecimal bits are
// those of the Go constants of the same name (a wrong bit in any
// coefficient that matters shows up in TestSliceBitIdentical).

#define C8(name, bits) \
	DATA name<>+0x00(SB)/8, bits; \
	DATA name<>+0x08(SB)/8, bits; \
	DATA name<>+0x10(SB)/8, bits; \
	DATA name<>+0x18(SB)/8, bits; \
	DATA name<>+0x20(SB)/8, bits; \
	DATA name<>+0x28(SB)/8, bits; \
	DATA name<>+0x30(SB)/8, bits; \
	DATA name<>+0x38(SB)/8, bits; \
	GLOBL name<>(SB), RODATA|NOPTR, $64

C8(absMask, $0x7fffffffffffffff)
C8(signMask, $0x8000000000000000)
C8(bias, $0x00000000000003ff) // the exponent bias 1023, an integer
C8(one, $0x3ff0000000000000) // 1
C8(two, $0x4000000000000000) // 2
C8(half, $0x3fe0000000000000) // 0.5
C8(c0625, $0x3fe4000000000000) // 0.625
C8(tanhSat, $0x4033100000000000) // 19.0625
C8(log2e, $0x3ff71547652b82fe) // 1.4426950408889634
C8(shifter, $0x4338000000000000) // 6.755399441055744e+15
C8(ln2Hi, $0x3fe62e42fee00000) // 0.6931471803691238
C8(ln2Lo, $0x3dea39ef35793c76) // 1.9082149292705877e-10
C8(tanhS0, $0xbfd5555555555555) // -0.3333333333333333
C8(tanhS1, $0x3fc11111111110a8) // 0.13333333333333042
C8(tanhS2, $0xbfaba1ba1ba0f126) // -0.05396825396789699
C8(tanhS3, $0x3f9664f487e0a749) // 0.021869488519008305
C8(tanhS4, $0xbf8226e3473dce5c) // -0.008863235103240878
C8(tanhS5, $0x3f6d6d39ae3905e2) // 0.0035921217511549622
C8(tanhS6, $0xbf57d9f6f23e8682) // -0.0014557754120478055
C8(tanhS7, $0x3f43526e9ed54da1) // 0.0005896606577757043
C8(tanhS8, $0xbf2f243823c8c981) // -0.0002375906496055562
C8(tanhS9, $0x3f18445870f6fe41) // 9.257116129556769e-05
C8(tanhS10, $0xbf005bbdae896297) // -3.12011014257974e-05
C8(tanhS11, $0x3edb33642a122cdd) // 6.485163482793113e-06
C8(expQ0, $0x3fe0000000000000) // 0.5
C8(expQ1, $0x3fc5555555555557) // 0.1666666666666667
C8(expQ2, $0x3fa5555555555556) // 0.04166666666666667
C8(expQ3, $0x3f811111111100df) // 0.008333333333326141
C8(expQ4, $0x3f56c16c16c162d6) // 0.0013888888888883752
C8(expQ5, $0x3f2a01a01abe62dd) // 0.00019841269874800493
C8(expQ6, $0x3efa01a01a6d7808) // 2.4801587325533363e-05
C8(expQ7, $0x3ec71de02375656c) // 2.7557255425746435e-06
C8(expQ8, $0x3e927e4db67b4303) // 2.7557273661348637e-07
C8(expQ9, $0x3e5af4ddd84882fe) // 2.510520637395701e-08
C8(expQ10, $0x3e21f72fc730b4ff) // 2.0914679376583935e-09
C8(expP1, $0x3fc5555555555555) // 0.16666666666666666
C8(expP2, $0xbf66c16c16bebd93) // -0.0027777777777015593
C8(expP3, $0x3f11566aaf25de2c) // 6.613756321437934e-05
C8(expP4, $0xbebbbd41c5d26bf1) // -1.6533902205465252e-06
C8(expP5, $0x3e66376972bea4d0) // 4.1381367970572385e-08
C8(expMax, $0x40862e42fefa39ef) // 709.782712893384
C8(expMin, $0xc0874910d52d3051) // -745.1332191019411
C8(tiny, $0x3e30000000000000) // 3.725290298461914e-09
C8(inf, $0x7ff0000000000000) // +Inf
C8(kMin, $0xc08fe80000000000) // -1021
C8(kMax, $0x408ff80000000000) // 1023

// func tanhAVX2(dst, src *float64, n int)
//
// Tanh of n values (n a multiple of 4), four per iteration. Registers:
// Y0 x, Y1 z = |x|, Y2 the polynomial branch, Y3–Y13 the e^(2z) branch
// and masks, Y14 = 2, Y15 = 1.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VMOVUPD two<>(SB), Y14
	VMOVUPD one<>(SB), Y15
	TESTQ CX, CX
	JE tanh4done

tanh4loop:
	VMOVUPD (SI), Y0
	VANDPD absMask<>(SB), Y0, Y1 // z = |x|

	// |x| < 0.625: x + (x·s)·p, p = S(s) by Estrin's scheme, s = x².
	VMULPD Y0, Y0, Y2            // s
	VMULPD Y2, Y2, Y3            // s2
	VMULPD Y3, Y3, Y4            // s4
	VMULPD tanhS1<>(SB), Y2, Y5
	VADDPD tanhS0<>(SB), Y5, Y5  // p01
	VMULPD tanhS3<>(SB), Y2, Y6
	VADDPD tanhS2<>(SB), Y6, Y6  // p23
	VMULPD Y3, Y6, Y6
	VADDPD Y6, Y5, Y5            // p03 = p01 + s2·p23
	VMULPD tanhS5<>(SB), Y2, Y6
	VADDPD tanhS4<>(SB), Y6, Y6  // p45
	VMULPD tanhS7<>(SB), Y2, Y7
	VADDPD tanhS6<>(SB), Y7, Y7  // p67
	VMULPD Y3, Y7, Y7
	VADDPD Y7, Y6, Y6            // p47 = p45 + s2·p67
	VMULPD tanhS9<>(SB), Y2, Y7
	VADDPD tanhS8<>(SB), Y7, Y7  // p89
	VMULPD tanhS11<>(SB), Y2, Y8
	VADDPD tanhS10<>(SB), Y8, Y8 // pab
	VMULPD Y3, Y8, Y8
	VADDPD Y8, Y7, Y7            // p8b = p89 + s2·pab
	VMULPD Y4, Y7, Y7
	VADDPD Y7, Y6, Y7            // p47 + s4·p8b
	VMULPD Y4, Y7, Y7
	VADDPD Y7, Y5, Y5            // p = p03 + s4·(p47 + s4·p8b)
	VMULPD Y0, Y2, Y2            // x·s
	VMULPD Y5, Y2, Y2            // (x·s)·p
	VADDPD Y2, Y0, Y2            // x + (x·s)·p

	// 0.625 ≤ z < 19.0625: 1 − 2/(e^(2z) + 1) with its error terms.
	VADDPD Y1, Y1, Y3            // w = 2z (exact, as is 2·z)
	VMULPD log2e<>(SB), Y3, Y4
	VADDPD shifter<>(SB), Y4, Y4 // kf
	VSUBPD shifter<>(SB), Y4, Y5 // fk = kf − shifter
	VMULPD ln2Hi<>(SB), Y5, Y6
	VSUBPD Y6, Y3, Y6            // hi = w − fk·ln2Hi
	VMULPD ln2Lo<>(SB), Y5, Y7   // lo = fk·ln2Lo
	VSUBPD Y7, Y6, Y3            // r = hi − lo
	VMULPD Y3, Y3, Y5            // r2
	VMULPD Y5, Y5, Y8            // r4
	VMULPD expQ1<>(SB), Y3, Y9
	VADDPD expQ0<>(SB), Y9, Y9   // q01
	VMULPD expQ3<>(SB), Y3, Y10
	VADDPD expQ2<>(SB), Y10, Y10 // q23
	VMULPD Y5, Y10, Y10
	VADDPD Y10, Y9, Y9           // q03 = q01 + r2·q23
	VMULPD expQ5<>(SB), Y3, Y10
	VADDPD expQ4<>(SB), Y10, Y10 // q45
	VMULPD expQ7<>(SB), Y3, Y11
	VADDPD expQ6<>(SB), Y11, Y11 // q67
	VMULPD Y5, Y11, Y11
	VADDPD Y11, Y10, Y10         // q47 = q45 + r2·q67
	VMULPD expQ9<>(SB), Y3, Y11
	VADDPD expQ8<>(SB), Y11, Y11 // q89
	VMULPD expQ10<>(SB), Y5, Y12
	VADDPD Y12, Y11, Y11         // q8a = q89 + r2·Q10
	VMULPD Y8, Y11, Y11
	VADDPD Y11, Y10, Y11         // q47 + r4·q8a
	VMULPD Y8, Y11, Y11
	VADDPD Y11, Y9, Y9           // q = q03 + r4·(q47 + r4·q8a)
	VMULPD Y5, Y9, Y9            // r2·q
	VSUBPD Y7, Y9, Y9            // r2·q − lo
	VADDPD Y9, Y6, Y9            // v = hi + (r2·q − lo)
	VADDPD Y15, Y9, Y10          // er = 1 + v
	VSUBPD Y15, Y10, Y11         // er − 1
	VSUBPD Y11, Y9, Y11          // erLo = v − (er − 1)
	VPADDQ bias<>(SB), Y4, Y12
	VPSLLQ $52, Y12, Y12         // p2k = 2ᵏ from kf's low bits
	VMULPD Y12, Y10, Y10         // e = er·p2k
	VMULPD Y12, Y11, Y11         // eLo = erLo·p2k
	VADDPD Y15, Y10, Y3          // d = e + 1
	VSUBPD Y10, Y3, Y5           // d − e
	VSUBPD Y5, Y15, Y5           // 1 − (d − e)
	VADDPD Y11, Y5, Y5           // dLo = (1 − (d − e)) + eLo
	VDIVPD Y3, Y14, Y6           // t = 2/d
	VMULPD Y5, Y6, Y7            // t·dLo
	VMULPD Y6, Y7, Y7            // (t·dLo)·t
	VMULPD half<>(SB), Y7, Y7    // tLo
	VSUBPD Y6, Y15, Y8           // y = 1 − t
	VSUBPD Y8, Y15, Y9           // 1 − y
	VSUBPD Y6, Y9, Y9            // (1 − y) − t
	VADDPD Y7, Y9, Y9            // yLo
	VADDPD Y9, Y8, Y8            // y + yLo
	VANDPD absMask<>(SB), Y8, Y8
	VANDPD signMask<>(SB), Y0, Y9
	VORPD Y9, Y8, Y8             // Copysign(y + yLo, x)

	// Blend: the polynomial where z < 0.625; ±1 where !(z < 19.0625)
	// (NaN included, then overridden); x itself where x = ±0 or NaN.
	VCMPPD $0x11, c0625<>(SB), Y1, Y10  // z < 0.625 (LT_OQ)
	VBLENDVPD Y10, Y2, Y8, Y2
	VCMPPD $0x15, tanhSat<>(SB), Y1, Y11 // !(z < 19.0625) (NLT_UQ)
	VORPD Y15, Y9, Y12                  // Copysign(1, x)
	VBLENDVPD Y11, Y12, Y2, Y2
	VXORPD Y13, Y13, Y13
	VCMPPD $0x08, Y13, Y0, Y13          // x == 0 or NaN (EQ_UQ)
	VBLENDVPD Y13, Y0, Y2, Y2
	VMOVUPD Y2, (DI)

	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNE tanh4loop

tanh4done:
	VZEROUPPER
	RET

// func expAVX2(dst, src *float64, n int) int
//
// Exp of n values (n a multiple of 4), four per iteration, stopping
// before a block in which some lane needs math.Ldexp (k < −1021 or
// k > 1023 with x in [expMin, expMax]); returns the count written.
// Registers: Y0 x, Y1 fk, Y2 hi, Y3 lo, Y4 r, Y5 r², Y6–Y12 the rest,
// Y14 = 2, Y15 = 1.
TEXT ·expAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	XORQ DX, DX
	VMOVUPD two<>(SB), Y14
	VMOVUPD one<>(SB), Y15
	TESTQ CX, CX
	JE exp4done

exp4loop:
	VMOVUPD (SI), Y0
	// k = int(x·log2e ± ½), truncated toward zero: ±½ carries x's sign
	// (−0 differs, but it takes the 1 + x branch).
	VMULPD log2e<>(SB), Y0, Y1
	VANDPD signMask<>(SB), Y0, Y2
	VORPD half<>(SB), Y2, Y2
	VADDPD Y2, Y1, Y1
	VROUNDPD $3, Y1, Y1               // fk = float64(k)

	// Lanes that take math.Ldexp: expMin ≤ x ≤ expMax and
	// (fk < −1021 or fk > 1023). Leave that block to the scalar code.
	VCMPPD $0x11, kMin<>(SB), Y1, Y2  // fk < −1021
	VCMPPD $0x1E, kMax<>(SB), Y1, Y3  // fk > 1023
	VORPD Y3, Y2, Y2
	VCMPPD $0x1D, expMin<>(SB), Y0, Y3 // x ≥ expMin (GE_OQ)
	VANDPD Y3, Y2, Y2
	VCMPPD $0x12, expMax<>(SB), Y0, Y3 // x ≤ expMax (LE_OQ)
	VANDPD Y3, Y2, Y2
	VMOVMSKPD Y2, AX
	TESTL AX, AX
	JNE exp4done

	VMULPD ln2Hi<>(SB), Y1, Y2
	VSUBPD Y2, Y0, Y2                 // hi = x − fk·ln2Hi
	VMULPD ln2Lo<>(SB), Y1, Y3        // lo = fk·ln2Lo
	VSUBPD Y3, Y2, Y4                 // r = hi − lo
	VMULPD Y4, Y4, Y5                 // t = r²
	VMULPD expP5<>(SB), Y5, Y6
	VADDPD expP4<>(SB), Y6, Y6        // p = P4 + t·P5
	VMULPD Y5, Y6, Y6
	VADDPD expP3<>(SB), Y6, Y6
	VMULPD Y5, Y6, Y6
	VADDPD expP2<>(SB), Y6, Y6
	VMULPD Y5, Y6, Y6
	VADDPD expP1<>(SB), Y6, Y6
	VMULPD Y5, Y6, Y6
	VSUBPD Y6, Y4, Y6                 // c = r − t·p
	VMULPD Y6, Y4, Y7                 // r·c
	VSUBPD Y6, Y14, Y8                // 2 − c
	VDIVPD Y8, Y7, Y7                 // y = r·c/(2 − c)
	VSUBPD Y7, Y3, Y7                 // lo − y
	VSUBPD Y2, Y7, Y7                 // (lo − y) − hi
	VSUBPD Y7, Y15, Y7                // 1 − ((lo − y) − hi)
	VADDPD shifter<>(SB), Y1, Y8      // k in the low bits (|k| < 2⁵¹)
	VPADDQ bias<>(SB), Y8, Y8
	VPSLLQ $52, Y8, Y8                // 2ᵏ, as pow2
	VMULPD Y8, Y7, Y7

	// Blend the early returns: x + Inf for NaN or x > expMax, 0 for
	// x < expMin, 1 + x for |x| < 2⁻²⁸.
	VCMPPD $0x16, expMax<>(SB), Y0, Y9 // !(x ≤ expMax) (NLE_UQ)
	VADDPD inf<>(SB), Y0, Y10
	VBLENDVPD Y9, Y10, Y7, Y7
	VCMPPD $0x11, expMin<>(SB), Y0, Y9 // x < expMin
	VANDNPD Y7, Y9, Y7
	VANDPD absMask<>(SB), Y0, Y9
	VCMPPD $0x11, tiny<>(SB), Y9, Y9   // |x| < 2⁻²⁸
	VADDPD Y15, Y0, Y10
	VBLENDVPD Y9, Y10, Y7, Y7
	VMOVUPD Y7, (DI)

	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $4, DX
	CMPQ DX, CX
	JNE exp4loop

exp4done:
	MOVQ DX, ret+24(FP)
	VZEROUPPER
	RET

// func tanhAVX512(dst, src *float64, n int)
//
// Tanh of n values (n a multiple of 8), eight per iteration. Registers:
// Z0 x, Z1 z = |x|, Z2 the polynomial branch, Z3–Z13 the e^(2z) branch
// and the constants, K1–K3 the masks, Z14 = 2, Z15 = 1.
TEXT ·tanhAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VMOVUPD two<>(SB), Z14
	VMOVUPD one<>(SB), Z15
	TESTQ CX, CX
	JE tanh8done

	CMPQ CX, $16
	JLT tanh8loop

tanh16loop:
	// Two blocks of 8 at once, the second in Z16–Z29 and K4–K6, each
	// instruction of the first followed by its twin: a block alone is a
	// chain ~100 cycles deep (the division among it), and the twins fill
	// the cycles it waits.
	VMOVUPD (SI), Z0
	VMOVUPD 64(SI), Z16
	VPANDQ absMask<>(SB), Z0, Z1 // z = |x|
	VPANDQ absMask<>(SB), Z16, Z17

	// |x| < 0.625: x + (x·s)·p, p = S(s) by Estrin's scheme, s = x².
	VMULPD Z0, Z0, Z2            // s
	VMULPD Z16, Z16, Z18
	VMULPD Z2, Z2, Z3            // s2
	VMULPD Z18, Z18, Z19
	VMULPD Z3, Z3, Z4            // s4
	VMULPD Z19, Z19, Z20
	VMULPD tanhS1<>(SB), Z2, Z5
	VMULPD tanhS1<>(SB), Z18, Z21
	VADDPD tanhS0<>(SB), Z5, Z5  // p01
	VADDPD tanhS0<>(SB), Z21, Z21
	VMULPD tanhS3<>(SB), Z2, Z6
	VMULPD tanhS3<>(SB), Z18, Z22
	VADDPD tanhS2<>(SB), Z6, Z6  // p23
	VADDPD tanhS2<>(SB), Z22, Z22
	VMULPD Z3, Z6, Z6
	VMULPD Z19, Z22, Z22
	VADDPD Z6, Z5, Z5            // p03 = p01 + s2·p23
	VADDPD Z22, Z21, Z21
	VMULPD tanhS5<>(SB), Z2, Z6
	VMULPD tanhS5<>(SB), Z18, Z22
	VADDPD tanhS4<>(SB), Z6, Z6  // p45
	VADDPD tanhS4<>(SB), Z22, Z22
	VMULPD tanhS7<>(SB), Z2, Z7
	VMULPD tanhS7<>(SB), Z18, Z23
	VADDPD tanhS6<>(SB), Z7, Z7  // p67
	VADDPD tanhS6<>(SB), Z23, Z23
	VMULPD Z3, Z7, Z7
	VMULPD Z19, Z23, Z23
	VADDPD Z7, Z6, Z6            // p47 = p45 + s2·p67
	VADDPD Z23, Z22, Z22
	VMULPD tanhS9<>(SB), Z2, Z7
	VMULPD tanhS9<>(SB), Z18, Z23
	VADDPD tanhS8<>(SB), Z7, Z7  // p89
	VADDPD tanhS8<>(SB), Z23, Z23
	VMULPD tanhS11<>(SB), Z2, Z8
	VMULPD tanhS11<>(SB), Z18, Z24
	VADDPD tanhS10<>(SB), Z8, Z8 // pab
	VADDPD tanhS10<>(SB), Z24, Z24
	VMULPD Z3, Z8, Z8
	VMULPD Z19, Z24, Z24
	VADDPD Z8, Z7, Z7            // p8b = p89 + s2·pab
	VADDPD Z24, Z23, Z23
	VMULPD Z4, Z7, Z7
	VMULPD Z20, Z23, Z23
	VADDPD Z7, Z6, Z7            // p47 + s4·p8b
	VADDPD Z23, Z22, Z23
	VMULPD Z4, Z7, Z7
	VMULPD Z20, Z23, Z23
	VADDPD Z7, Z5, Z5            // p = p03 + s4·(p47 + s4·p8b)
	VADDPD Z23, Z21, Z21
	VMULPD Z0, Z2, Z2            // x·s
	VMULPD Z16, Z18, Z18
	VMULPD Z5, Z2, Z2            // (x·s)·p
	VMULPD Z21, Z18, Z18
	VADDPD Z2, Z0, Z2            // x + (x·s)·p
	VADDPD Z18, Z16, Z18

	// 0.625 ≤ z < 19.0625: 1 − 2/(e^(2z) + 1) with its error terms.
	VADDPD Z1, Z1, Z3            // w = 2z (exact, as is 2·z)
	VADDPD Z17, Z17, Z19
	VMULPD log2e<>(SB), Z3, Z4
	VMULPD log2e<>(SB), Z19, Z20
	VADDPD shifter<>(SB), Z4, Z4 // kf
	VADDPD shifter<>(SB), Z20, Z20
	VSUBPD shifter<>(SB), Z4, Z5 // fk = kf − shifter
	VSUBPD shifter<>(SB), Z20, Z21
	VMULPD ln2Hi<>(SB), Z5, Z6
	VMULPD ln2Hi<>(SB), Z21, Z22
	VSUBPD Z6, Z3, Z6            // hi = w − fk·ln2Hi
	VSUBPD Z22, Z19, Z22
	VMULPD ln2Lo<>(SB), Z5, Z7   // lo = fk·ln2Lo
	VMULPD ln2Lo<>(SB), Z21, Z23
	VSUBPD Z7, Z6, Z3            // r = hi − lo
	VSUBPD Z23, Z22, Z19
	VMULPD Z3, Z3, Z5            // r2
	VMULPD Z19, Z19, Z21
	VMULPD Z5, Z5, Z8            // r4
	VMULPD Z21, Z21, Z24
	VMULPD expQ1<>(SB), Z3, Z9
	VMULPD expQ1<>(SB), Z19, Z25
	VADDPD expQ0<>(SB), Z9, Z9   // q01
	VADDPD expQ0<>(SB), Z25, Z25
	VMULPD expQ3<>(SB), Z3, Z10
	VMULPD expQ3<>(SB), Z19, Z26
	VADDPD expQ2<>(SB), Z10, Z10 // q23
	VADDPD expQ2<>(SB), Z26, Z26
	VMULPD Z5, Z10, Z10
	VMULPD Z21, Z26, Z26
	VADDPD Z10, Z9, Z9           // q03 = q01 + r2·q23
	VADDPD Z26, Z25, Z25
	VMULPD expQ5<>(SB), Z3, Z10
	VMULPD expQ5<>(SB), Z19, Z26
	VADDPD expQ4<>(SB), Z10, Z10 // q45
	VADDPD expQ4<>(SB), Z26, Z26
	VMULPD expQ7<>(SB), Z3, Z11
	VMULPD expQ7<>(SB), Z19, Z27
	VADDPD expQ6<>(SB), Z11, Z11 // q67
	VADDPD expQ6<>(SB), Z27, Z27
	VMULPD Z5, Z11, Z11
	VMULPD Z21, Z27, Z27
	VADDPD Z11, Z10, Z10         // q47 = q45 + r2·q67
	VADDPD Z27, Z26, Z26
	VMULPD expQ9<>(SB), Z3, Z11
	VMULPD expQ9<>(SB), Z19, Z27
	VADDPD expQ8<>(SB), Z11, Z11 // q89
	VADDPD expQ8<>(SB), Z27, Z27
	VMULPD expQ10<>(SB), Z5, Z12
	VMULPD expQ10<>(SB), Z21, Z28
	VADDPD Z12, Z11, Z11         // q8a = q89 + r2·Q10
	VADDPD Z28, Z27, Z27
	VMULPD Z8, Z11, Z11
	VMULPD Z24, Z27, Z27
	VADDPD Z11, Z10, Z11         // q47 + r4·q8a
	VADDPD Z27, Z26, Z27
	VMULPD Z8, Z11, Z11
	VMULPD Z24, Z27, Z27
	VADDPD Z11, Z9, Z9           // q = q03 + r4·(q47 + r4·q8a)
	VADDPD Z27, Z25, Z25
	VMULPD Z5, Z9, Z9            // r2·q
	VMULPD Z21, Z25, Z25
	VSUBPD Z7, Z9, Z9            // r2·q − lo
	VSUBPD Z23, Z25, Z25
	VADDPD Z9, Z6, Z9            // v = hi + (r2·q − lo)
	VADDPD Z25, Z22, Z25
	VADDPD Z15, Z9, Z10          // er = 1 + v
	VADDPD Z15, Z25, Z26
	VSUBPD Z15, Z10, Z11         // er − 1
	VSUBPD Z15, Z26, Z27
	VSUBPD Z11, Z9, Z11          // erLo = v − (er − 1)
	VSUBPD Z27, Z25, Z27
	VPADDQ bias<>(SB), Z4, Z12
	VPADDQ bias<>(SB), Z20, Z28
	VPSLLQ $52, Z12, Z12         // p2k = 2ᵏ from kf's low bits
	VPSLLQ $52, Z28, Z28
	VMULPD Z12, Z10, Z10         // e = er·p2k
	VMULPD Z28, Z26, Z26
	VMULPD Z12, Z11, Z11         // eLo = erLo·p2k
	VMULPD Z28, Z27, Z27
	VADDPD Z15, Z10, Z3          // d = e + 1
	VADDPD Z15, Z26, Z19
	VSUBPD Z10, Z3, Z5           // d − e
	VSUBPD Z26, Z19, Z21
	VSUBPD Z5, Z15, Z5           // 1 − (d − e)
	VSUBPD Z21, Z15, Z21
	VADDPD Z11, Z5, Z5           // dLo = (1 − (d − e)) + eLo
	VADDPD Z27, Z21, Z21
	VDIVPD Z3, Z14, Z6           // t = 2/d
	VDIVPD Z19, Z14, Z22
	VMULPD Z5, Z6, Z7            // t·dLo
	VMULPD Z21, Z22, Z23
	VMULPD Z6, Z7, Z7            // (t·dLo)·t
	VMULPD Z22, Z23, Z23
	VMULPD half<>(SB), Z7, Z7    // tLo
	VMULPD half<>(SB), Z23, Z23
	VSUBPD Z6, Z15, Z8           // y = 1 − t
	VSUBPD Z22, Z15, Z24
	VSUBPD Z8, Z15, Z9           // 1 − y
	VSUBPD Z24, Z15, Z25
	VSUBPD Z6, Z9, Z9            // (1 − y) − t
	VSUBPD Z22, Z25, Z25
	VADDPD Z7, Z9, Z9            // yLo
	VADDPD Z23, Z25, Z25
	VADDPD Z9, Z8, Z8            // y + yLo
	VADDPD Z25, Z24, Z24
	VPANDQ absMask<>(SB), Z8, Z8
	VPANDQ absMask<>(SB), Z24, Z24
	VPANDQ signMask<>(SB), Z0, Z9
	VPANDQ signMask<>(SB), Z16, Z25
	VPORQ Z9, Z8, Z8             // Copysign(y + yLo, x)
	VPORQ Z25, Z24, Z24

	// Blend: the polynomial where z < 0.625; ±1 where !(z < 19.0625)
	// (NaN included, then overridden); x itself where x = ±0 or NaN.
	VCMPPD $0x11, c0625<>(SB), Z1, K1  // z < 0.625 (LT_OQ)
	VCMPPD $0x11, c0625<>(SB), Z17, K4
	VBLENDMPD Z2, Z8, K1, Z2
	VBLENDMPD Z18, Z24, K4, Z18
	VCMPPD $0x15, tanhSat<>(SB), Z1, K2 // !(z < 19.0625) (NLT_UQ)
	VCMPPD $0x15, tanhSat<>(SB), Z17, K5
	VPORQ Z15, Z9, Z12                 // Copysign(1, x)
	VPORQ Z15, Z25, Z28
	VBLENDMPD Z12, Z2, K2, Z2
	VBLENDMPD Z28, Z18, K5, Z18
	VPXORQ Z13, Z13, Z13
	VPXORQ Z29, Z29, Z29
	VCMPPD $0x08, Z13, Z0, K3          // x == 0 or NaN (EQ_UQ)
	VCMPPD $0x08, Z29, Z16, K6
	VBLENDMPD Z0, Z2, K3, Z2
	VBLENDMPD Z16, Z18, K6, Z18
	VMOVUPD Z2, (DI)
	VMOVUPD Z18, 64(DI)

	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	JE tanh8done
	CMPQ CX, $16
	JGE tanh16loop

tanh8loop:
	VMOVUPD (SI), Z0
	VPANDQ absMask<>(SB), Z0, Z1 // z = |x|

	// |x| < 0.625: x + (x·s)·p, p = S(s) by Estrin's scheme, s = x².
	VMULPD Z0, Z0, Z2            // s
	VMULPD Z2, Z2, Z3            // s2
	VMULPD Z3, Z3, Z4            // s4
	VMULPD tanhS1<>(SB), Z2, Z5
	VADDPD tanhS0<>(SB), Z5, Z5  // p01
	VMULPD tanhS3<>(SB), Z2, Z6
	VADDPD tanhS2<>(SB), Z6, Z6  // p23
	VMULPD Z3, Z6, Z6
	VADDPD Z6, Z5, Z5            // p03 = p01 + s2·p23
	VMULPD tanhS5<>(SB), Z2, Z6
	VADDPD tanhS4<>(SB), Z6, Z6  // p45
	VMULPD tanhS7<>(SB), Z2, Z7
	VADDPD tanhS6<>(SB), Z7, Z7  // p67
	VMULPD Z3, Z7, Z7
	VADDPD Z7, Z6, Z6            // p47 = p45 + s2·p67
	VMULPD tanhS9<>(SB), Z2, Z7
	VADDPD tanhS8<>(SB), Z7, Z7  // p89
	VMULPD tanhS11<>(SB), Z2, Z8
	VADDPD tanhS10<>(SB), Z8, Z8 // pab
	VMULPD Z3, Z8, Z8
	VADDPD Z8, Z7, Z7            // p8b = p89 + s2·pab
	VMULPD Z4, Z7, Z7
	VADDPD Z7, Z6, Z7            // p47 + s4·p8b
	VMULPD Z4, Z7, Z7
	VADDPD Z7, Z5, Z5            // p = p03 + s4·(p47 + s4·p8b)
	VMULPD Z0, Z2, Z2            // x·s
	VMULPD Z5, Z2, Z2            // (x·s)·p
	VADDPD Z2, Z0, Z2            // x + (x·s)·p

	// 0.625 ≤ z < 19.0625: 1 − 2/(e^(2z) + 1) with its error terms.
	VADDPD Z1, Z1, Z3            // w = 2z (exact, as is 2·z)
	VMULPD log2e<>(SB), Z3, Z4
	VADDPD shifter<>(SB), Z4, Z4 // kf
	VSUBPD shifter<>(SB), Z4, Z5 // fk = kf − shifter
	VMULPD ln2Hi<>(SB), Z5, Z6
	VSUBPD Z6, Z3, Z6            // hi = w − fk·ln2Hi
	VMULPD ln2Lo<>(SB), Z5, Z7   // lo = fk·ln2Lo
	VSUBPD Z7, Z6, Z3            // r = hi − lo
	VMULPD Z3, Z3, Z5            // r2
	VMULPD Z5, Z5, Z8            // r4
	VMULPD expQ1<>(SB), Z3, Z9
	VADDPD expQ0<>(SB), Z9, Z9   // q01
	VMULPD expQ3<>(SB), Z3, Z10
	VADDPD expQ2<>(SB), Z10, Z10 // q23
	VMULPD Z5, Z10, Z10
	VADDPD Z10, Z9, Z9           // q03 = q01 + r2·q23
	VMULPD expQ5<>(SB), Z3, Z10
	VADDPD expQ4<>(SB), Z10, Z10 // q45
	VMULPD expQ7<>(SB), Z3, Z11
	VADDPD expQ6<>(SB), Z11, Z11 // q67
	VMULPD Z5, Z11, Z11
	VADDPD Z11, Z10, Z10         // q47 = q45 + r2·q67
	VMULPD expQ9<>(SB), Z3, Z11
	VADDPD expQ8<>(SB), Z11, Z11 // q89
	VMULPD expQ10<>(SB), Z5, Z12
	VADDPD Z12, Z11, Z11         // q8a = q89 + r2·Q10
	VMULPD Z8, Z11, Z11
	VADDPD Z11, Z10, Z11         // q47 + r4·q8a
	VMULPD Z8, Z11, Z11
	VADDPD Z11, Z9, Z9           // q = q03 + r4·(q47 + r4·q8a)
	VMULPD Z5, Z9, Z9            // r2·q
	VSUBPD Z7, Z9, Z9            // r2·q − lo
	VADDPD Z9, Z6, Z9            // v = hi + (r2·q − lo)
	VADDPD Z15, Z9, Z10          // er = 1 + v
	VSUBPD Z15, Z10, Z11         // er − 1
	VSUBPD Z11, Z9, Z11          // erLo = v − (er − 1)
	VPADDQ bias<>(SB), Z4, Z12
	VPSLLQ $52, Z12, Z12         // p2k = 2ᵏ from kf's low bits
	VMULPD Z12, Z10, Z10         // e = er·p2k
	VMULPD Z12, Z11, Z11         // eLo = erLo·p2k
	VADDPD Z15, Z10, Z3          // d = e + 1
	VSUBPD Z10, Z3, Z5           // d − e
	VSUBPD Z5, Z15, Z5           // 1 − (d − e)
	VADDPD Z11, Z5, Z5           // dLo = (1 − (d − e)) + eLo
	VDIVPD Z3, Z14, Z6           // t = 2/d
	VMULPD Z5, Z6, Z7            // t·dLo
	VMULPD Z6, Z7, Z7            // (t·dLo)·t
	VMULPD half<>(SB), Z7, Z7    // tLo
	VSUBPD Z6, Z15, Z8           // y = 1 − t
	VSUBPD Z8, Z15, Z9           // 1 − y
	VSUBPD Z6, Z9, Z9            // (1 − y) − t
	VADDPD Z7, Z9, Z9            // yLo
	VADDPD Z9, Z8, Z8            // y + yLo
	VPANDQ absMask<>(SB), Z8, Z8
	VPANDQ signMask<>(SB), Z0, Z9
	VPORQ Z9, Z8, Z8             // Copysign(y + yLo, x)

	// Blend: the polynomial where z < 0.625; ±1 where !(z < 19.0625)
	// (NaN included, then overridden); x itself where x = ±0 or NaN.
	VCMPPD $0x11, c0625<>(SB), Z1, K1  // z < 0.625 (LT_OQ)
	VBLENDMPD Z2, Z8, K1, Z2
	VCMPPD $0x15, tanhSat<>(SB), Z1, K2 // !(z < 19.0625) (NLT_UQ)
	VPORQ Z15, Z9, Z12                 // Copysign(1, x)
	VBLENDMPD Z12, Z2, K2, Z2
	VPXORQ Z13, Z13, Z13
	VCMPPD $0x08, Z13, Z0, K3          // x == 0 or NaN (EQ_UQ)
	VBLENDMPD Z0, Z2, K3, Z2
	VMOVUPD Z2, (DI)

	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JNE tanh8loop

tanh8done:
	VZEROUPPER
	RET

// func expAVX512(dst, src *float64, n int) int
//
// Exp of n values (n a multiple of 8), eight per iteration, stopping
// before a block in which some lane needs math.Ldexp (k < −1021 or
// k > 1023 with x in [expMin, expMax]); returns the count written.
// Registers: Z0 x, Z1 fk, Z2 hi, Z3 lo, Z4 r, Z5 r², Z6–Z12 the rest,
// K1–K3 the masks, Z14 = 2, Z15 = 1.
TEXT ·expAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	XORQ DX, DX
	VMOVUPD two<>(SB), Z14
	VMOVUPD one<>(SB), Z15
	TESTQ CX, CX
	JE exp8done

exp8loop:
	VMOVUPD (SI), Z0
	// k = int(x·log2e ± ½), truncated toward zero: ±½ carries x's sign
	// (−0 differs, but it takes the 1 + x branch).
	VMULPD log2e<>(SB), Z0, Z1
	VPANDQ signMask<>(SB), Z0, Z2
	VPORQ half<>(SB), Z2, Z2
	VADDPD Z2, Z1, Z1
	VRNDSCALEPD $3, Z1, Z1               // fk = float64(k)

	// Lanes that take math.Ldexp: expMin ≤ x ≤ expMax and
	// (fk < −1021 or fk > 1023). Leave that block to the scalar code.
	VCMPPD $0x11, kMin<>(SB), Z1, K1  // fk < −1021
	VCMPPD $0x1E, kMax<>(SB), Z1, K2  // fk > 1023
	KORW K2, K1, K1
	VCMPPD $0x1D, expMin<>(SB), Z0, K2 // x ≥ expMin (GE_OQ)
	KANDW K2, K1, K1
	VCMPPD $0x12, expMax<>(SB), Z0, K2 // x ≤ expMax (LE_OQ)
	KANDW K2, K1, K1
	KORTESTW K1, K1
	JNE exp8done

	VMULPD ln2Hi<>(SB), Z1, Z2
	VSUBPD Z2, Z0, Z2                 // hi = x − fk·ln2Hi
	VMULPD ln2Lo<>(SB), Z1, Z3        // lo = fk·ln2Lo
	VSUBPD Z3, Z2, Z4                 // r = hi − lo
	VMULPD Z4, Z4, Z5                 // t = r²
	VMULPD expP5<>(SB), Z5, Z6
	VADDPD expP4<>(SB), Z6, Z6        // p = P4 + t·P5
	VMULPD Z5, Z6, Z6
	VADDPD expP3<>(SB), Z6, Z6
	VMULPD Z5, Z6, Z6
	VADDPD expP2<>(SB), Z6, Z6
	VMULPD Z5, Z6, Z6
	VADDPD expP1<>(SB), Z6, Z6
	VMULPD Z5, Z6, Z6
	VSUBPD Z6, Z4, Z6                 // c = r − t·p
	VMULPD Z6, Z4, Z7                 // r·c
	VSUBPD Z6, Z14, Z8                // 2 − c
	VDIVPD Z8, Z7, Z7                 // y = r·c/(2 − c)
	VSUBPD Z7, Z3, Z7                 // lo − y
	VSUBPD Z2, Z7, Z7                 // (lo − y) − hi
	VSUBPD Z7, Z15, Z7                // 1 − ((lo − y) − hi)
	VADDPD shifter<>(SB), Z1, Z8      // k in the low bits (|k| < 2⁵¹)
	VPADDQ bias<>(SB), Z8, Z8
	VPSLLQ $52, Z8, Z8                // 2ᵏ, as pow2
	VMULPD Z8, Z7, Z7

	// Blend the early returns: x + Inf for NaN or x > expMax, 0 for
	// x < expMin, 1 + x for |x| < 2⁻²⁸.
	VCMPPD $0x16, expMax<>(SB), Z0, K1 // !(x ≤ expMax) (NLE_UQ)
	VADDPD inf<>(SB), Z0, Z10
	VBLENDMPD Z10, Z7, K1, Z7
	VCMPPD $0x11, expMin<>(SB), Z0, K2 // x < expMin
	VPXORQ Z11, Z11, Z11
	VBLENDMPD Z11, Z7, K2, Z7
	VPANDQ absMask<>(SB), Z0, Z9
	VCMPPD $0x11, tiny<>(SB), Z9, K3   // |x| < 2⁻²⁸
	VADDPD Z15, Z0, Z10
	VBLENDMPD Z10, Z7, K3, Z7
	VMOVUPD Z7, (DI)

	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $8, DX
	CMPQ DX, CX
	JNE exp8loop

exp8done:
	MOVQ DX, ret+24(FP)
	VZEROUPPER
	RET
