package detmath

import "math"

// Erf follows fdlibm's s_erf.c: a rational minimax approximation on each
// of four intervals of |x|, the last two through erfc x = e^(−x²)·R/x.

// erx is erf(1) rounded to 24 bits: erf(1 + s) = erx + P(s)/Q(s).
const erx = 8.45062911510467529297e-01 // 0x3FEB0AC1_60000000

// efx = 2/√π − 1: on tiny x, erf x = x + efx·x.
const efx = 1.28379167095512586316e-01 // 0x3FC06EBA_8214DB69

// erf x = x + x·pp(x²)/qq(x²) on |x| < 0.84375.
const (
	pp0 = 1.28379167095512558561e-01  // 0x3FC06EBA_8214DB68
	pp1 = -3.25042107247001499370e-01 // 0xBFD4CD7D_691CB913
	pp2 = -2.84817495755985104766e-02 // 0xBF9D2A51_DBD7194F
	pp3 = -5.77027029648944159157e-03 // 0xBF77A291_236668E4
	pp4 = -2.37630166566501626084e-05 // 0xBEF8EAD6_120016AC
	qq1 = 3.97917223959155352819e-01  // 0x3FD97779_CDDADC09
	qq2 = 6.50222499887672944485e-02  // 0x3FB0A54C_5536CEBA
	qq3 = 5.08130628187576562776e-03  // 0x3F74D022_C4D36B0F
	qq4 = 1.32494738004321644526e-04  // 0x3F215DC9_221C1A10
	qq5 = -3.96022827877536812320e-06 // 0xBED09C43_42A26120
)

// erf(1 + s) = erx + pa(s)/qa(s) on 0.84375 ≤ |x| < 1.25, s = |x| − 1.
const (
	pa0 = -2.36211856075265944077e-03 // 0xBF6359B8_BEF77538
	pa1 = 4.14856118683748331666e-01  // 0x3FDA8D00_AD92B34D
	pa2 = -3.72207876035701323847e-01 // 0xBFD7D240_FBB8C3F1
	pa3 = 3.18346619901161753674e-01  // 0x3FD45FCA_805120E4
	pa4 = -1.10894694282396677476e-01 // 0xBFBC6398_3D3E28EC
	pa5 = 3.54783043256182359371e-02  // 0x3FA22A36_599795EB
	pa6 = -2.16637559486879084300e-03 // 0xBF61BF38_0A96073F
	qa1 = 1.06420880400844228286e-01  // 0x3FBB3E66_18EEE323
	qa2 = 5.40397917702171048937e-01  // 0x3FE14AF0_92EB6F33
	qa3 = 7.18286544141962662868e-02  // 0x3FB2635C_D99FE9A7
	qa4 = 1.26171219808761642112e-01  // 0x3FC02660_E763351F
	qa5 = 1.36370839120290507362e-02  // 0x3F8BEDC2_6B51DD1C
	qa6 = 1.19844998467991074170e-02  // 0x3F888B54_5735151D
)

// erfc x = e^(−x² − 0.5625 + ra(s)/sa(s))/x on 1.25 ≤ |x| < 1/0.35, s = 1/x².
const (
	ra0 = -9.86494403484714822705e-03 // 0xBF843412_600D6435
	ra1 = -6.93858572707181764372e-01 // 0xBFE63416_E4BA7360
	ra2 = -1.05586262253232909814e+01 // 0xC0251E04_41B0E726
	ra3 = -6.23753324503260060396e+01 // 0xC04F300A_E4CBA38D
	ra4 = -1.62396669462573470355e+02 // 0xC0644CB1_84282266
	ra5 = -1.84605092906711035994e+02 // 0xC067135C_EBCCABB2
	ra6 = -8.12874355063065934246e+01 // 0xC0545265_57E4D2F2
	ra7 = -9.81432934416914548592e+00 // 0xC023A0EF_C69AC25C
	sa1 = 1.96512716674392571292e+01  // 0x4033A6B9_BD707687
	sa2 = 1.37657754143519042600e+02  // 0x4061350C_526AE721
	sa3 = 4.34565877475229228821e+02  // 0x407B290D_D58A1A71
	sa4 = 6.45387271733267880336e+02  // 0x40842B19_21EC2868
	sa5 = 4.29008140027567833386e+02  // 0x407AD021_57700314
	sa6 = 1.08635005541779435134e+02  // 0x405B28A3_EE48AE2C
	sa7 = 6.57024977031928170135e+00  // 0x401A47EF_8E484A93
	sa8 = -6.04244152148580987438e-02 // 0xBFAEEFF2_EE749A62
)

// The same form with rb/sb on 1/0.35 ≤ |x| < 6.
const (
	rb0 = -9.86494292470009928597e-03 // 0xBF843412_39E86F4A
	rb1 = -7.99283237680523006574e-01 // 0xBFE993BA_70C285DE
	rb2 = -1.77579549177547519889e+01 // 0xC031C209_555F995A
	rb3 = -1.60636384855821916062e+02 // 0xC064145D_43C5ED98
	rb4 = -6.37566443368389627722e+02 // 0xC083EC88_1375F228
	rb5 = -1.02509513161107724954e+03 // 0xC0900461_6A2E5992
	rb6 = -4.83519191608651397019e+02 // 0xC07E384E_9BDC383F
	sb1 = 3.03380607434824582924e+01  // 0x403E568B_261D5190
	sb2 = 3.25792512996573918826e+02  // 0x40745CAE_221B9F0A
	sb3 = 1.53672958608443695994e+03  // 0x409802EB_189D5118
	sb4 = 3.19985821950859553908e+03  // 0x40A8FFB7_688C246A
	sb5 = 2.55305040643316442583e+03  // 0x40A3F219_CEDF3BE6
	sb6 = 4.74528541206955367215e+02  // 0x407DA874_E79FE763
	sb7 = -2.24409524465858183362e+01 // 0xC03670E2_42712D62
)

// horner returns c[0] + z·(c[1] + z·(c[2] + …)), each product rounded
// before its sum so no compiler may fuse it.
func horner(z float64, c ...float64) float64 {
	p := c[len(c)-1]
	for i := len(c) - 2; i >= 0; i-- {
		p = c[i] + float64(z*p)
	}
	return p
}

// Erf returns the error function erf x = (2/√π)·∫₀ˣ e^(−t²) dt, within
// 1 ulp. Erf(±0) = ±0, Erf(±Inf) = ±1, Erf(NaN) = NaN; |x| ≥ 6 gives ±1.
//
// The standard normal CDF is Φ(x) = ½(1 + erf(x/√2)).
func Erf(x float64) float64 {
	ax := math.Abs(x)
	var y float64
	switch {
	case ax != ax:
		return x
	case ax < 0x1p-28: // erf x = (2/√π)·x to double precision; keeps ±0
		return x + float64(efx*x)
	case ax < 0.84375:
		z := float64(x * x)
		r := horner(z, pp0, pp1, pp2, pp3, pp4)
		s := horner(z, 1, qq1, qq2, qq3, qq4, qq5)
		return x + float64(x*(r/s))
	case ax < 1.25:
		s := ax - 1
		p := horner(s, pa0, pa1, pa2, pa3, pa4, pa5, pa6)
		q := horner(s, 1, qa1, qa2, qa3, qa4, qa5, qa6)
		y = erx + p/q
	case ax < 6:
		s := 1 / float64(ax*ax)
		var r, q float64
		if ax < 1/0.35 {
			r = horner(s, ra0, ra1, ra2, ra3, ra4, ra5, ra6, ra7)
			q = horner(s, 1, sa1, sa2, sa3, sa4, sa5, sa6, sa7, sa8)
		} else {
			r = horner(s, rb0, rb1, rb2, rb3, rb4, rb5, rb6)
			q = horner(s, 1, sb1, sb2, sb3, sb4, sb5, sb6, sb7)
		}
		// e^(−x²) = e^(−z²)·e^((z−x)(z+x)) with z = x cut to its high 21
		// bits: z² is exact, so −x² is carried without rounding error.
		z := math.Float64frombits(math.Float64bits(ax) &^ (1<<32 - 1))
		e := float64(Exp(-float64(z*z)-0.5625) * Exp(float64((z-ax)*(z+ax))+r/q))
		y = 1 - e/ax
	default:
		y = 1
	}
	return math.Copysign(y, x)
}
