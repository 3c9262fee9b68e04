//! The fuzz body shared by the libFuzzer target and the random driver: decode an operation and its operands
//! from bytes, call the public function, and check that it returns a value or a typed error (a panic, including
//! an arithmetic overflow with overflow checks on, is the bug), plus cheap invariants of the result.

use ballast_risk_math::{
    exp, ln, mul_div, mul_div_signed, norm_cdf, norm_pdf, pow, sqrt, years_from_secs,
    EuropeanOption, OptionKind, RoundMode, SignedWad, Underlying, Wad,
};

/// Reads operands from the input, mapping some byte patterns onto edge values.
struct Input<'a> {
    data: &'a [u8],
}

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self
            .data
            .split_first()
            .map_or((0, &[][..]), |(b, r)| (*b, r));
        self.data = rest;
        b
    }

    fn u128(&mut self) -> u128 {
        const EDGES: [u128; 12] = [
            0,
            1,
            2,
            u128::MAX,
            u128::MAX - 1,
            1 << 127,
            (1 << 127) - 1,
            1_000_000_000_000_000_000,
            999_999_999_999_999_999,
            1_000_000_000_000_000_001,
            1 << 64,
            (1 << 64) - 1,
        ];
        let tag = self.byte();
        if tag < 48 {
            return EDGES[usize::from(tag) % EDGES.len()];
        }
        let width = usize::from(tag % 17); // 0..=16 bytes: small and large magnitudes alike.
        let mut v: u128 = 0;
        for _ in 0..width {
            v = (v << 8) | u128::from(self.byte());
        }
        v
    }

    fn i128(&mut self) -> i128 {
        let negative = self.byte() & 1 == 1;
        let m = self.u128();
        let v = m as i128; // reinterpretation covers i128::MIN and i128::MAX too.
        if negative {
            v.wrapping_neg()
        } else {
            v
        }
    }

    fn mode(&mut self) -> RoundMode {
        if self.byte() & 1 == 0 {
            RoundMode::Down
        } else {
            RoundMode::Up
        }
    }
}

/// Runs one fuzz case.
pub fn run(data: &[u8]) {
    let mut input = Input { data };
    match input.byte() % 16 {
        0 => {
            let (x, y, d) = (input.u128(), input.u128(), input.u128());
            let down = mul_div(x, y, d, RoundMode::Down);
            let up = mul_div(x, y, d, RoundMode::Up);
            if let (Ok(lo), Ok(hi)) = (down, up) {
                assert!(lo <= hi && hi - lo <= 1);
            }
        }
        1 => {
            let (x, y, d) = (input.i128(), input.i128(), input.i128());
            if let (Ok(lo), Ok(hi)) = (
                mul_div_signed(x, y, d, RoundMode::Down),
                mul_div_signed(x, y, d, RoundMode::Up),
            ) {
                assert!(lo <= hi);
            }
        }
        2 => {
            let (a, b, mode) = (
                Wad::from_raw(input.u128()),
                Wad::from_raw(input.u128()),
                input.mode(),
            );
            let _ = a.checked_add(b);
            let _ = a.checked_sub(b);
            let _ = a.mul_wad(b, mode);
            let _ = a.div_wad(b, mode);
            let _ = a.to_signed();
        }
        3 => {
            let (a, b, mode) = (
                SignedWad::from_raw(input.i128()),
                SignedWad::from_raw(input.i128()),
                input.mode(),
            );
            let _ = a.checked_add(b);
            let _ = a.checked_sub(b);
            let _ = a.checked_neg();
            let _ = a.mul_wad(b, mode);
            let _ = a.div_wad(b, mode);
            let _ = a.to_unsigned();
            let _ = a.unsigned_abs();
        }
        4 => {
            let (amount, decimals, mode) = (input.u128(), input.byte() % 40, input.mode());
            let _ = Wad::from_token_amount(amount, decimals, mode);
            let _ = Wad::from_raw(amount).to_token_amount(decimals, mode);
        }
        5 => {
            let _ = exp(SignedWad::from_raw(input.i128()));
        }
        6 => {
            let _ = ln(Wad::from_raw(input.u128()));
        }
        7 => {
            let _ = pow(
                Wad::from_raw(input.u128()),
                SignedWad::from_raw(input.i128()),
            );
        }
        8 => {
            let x = Wad::from_raw(input.u128());
            assert!(sqrt(x, RoundMode::Down) <= sqrt(x, RoundMode::Up));
        }
        9 => {
            let x = SignedWad::from_raw(input.i128());
            assert!(norm_cdf(x) <= Wad::ONE);
            assert!(norm_pdf(x) <= Wad::ONE);
        }
        10 => {
            let (a, b) = (input.u128() as u64, input.u128() as u64);
            let _ = years_from_secs(a, b);
        }
        _ => {
            let flags = input.byte();
            let und = Wad::from_raw(input.u128());
            let opt = EuropeanOption {
                kind: if flags & 1 == 0 {
                    OptionKind::Call
                } else {
                    OptionKind::Put
                },
                underlying: if flags & 2 == 0 {
                    Underlying::Forward(und)
                } else {
                    Underlying::Spot(und)
                },
                strike: Wad::from_raw(input.u128()),
                expiry_years: Wad::from_raw(input.u128()),
                vol: Wad::from_raw(input.u128()),
                rate: SignedWad::from_raw(input.i128()),
            };
            let price = opt.price();
            if let Ok(g) = opt.greeks() {
                assert_eq!(price, Ok(g.price), "price() and greeks() disagree");
            }
        }
    }
}
