//! The formulas of an instrument's indices and flags («self - mother», «total >= 17»). The
//! expression language is evalexpr's (11.3.1, its last MIT release: see the licence note in
//! `crates/ladoshka-domain/Cargo.toml`); this module narrows it to what a definition may say
//! (numbers, names, arithmetic, comparisons, logic, a few functions: no assignments, no strings)
//! and makes every number a decimal, so «1 / 2» is 0.5 and never a whole-number division.

use std::collections::BTreeMap;

use evalexpr::{
    ContextWithMutableFunctions, ContextWithMutableVariables, Function, HashMapContext, Node,
    Operator, Value,
};

/// The functions a formula may call, besides its names.
pub const FUNCTIONS: [&str; 4] = ["min", "max", "abs", "round"];

/// A checked formula: it parses, uses only allowed operators, and calls only [`FUNCTIONS`].
#[derive(Debug, Clone)]
pub struct Formula {
    text: String,
    tree: Node,
}

impl PartialEq for Formula {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Formula {
    /// Parses `text`; the error says what is wrong in words for the person editing the file.
    pub fn parse(text: &str) -> Result<Formula, String> {
        if text.trim().is_empty() {
            return Err("is empty: write a formula, e.g. \"total >= 17\"".into());
        }
        let mut tree = evalexpr::build_operator_tree(text)
            .map_err(|e| format!("«{text}» is not a formula: {e}"))?;
        for node in tree.iter() {
            match node.operator() {
                Operator::Assign
                | Operator::AddAssign
                | Operator::SubAssign
                | Operator::MulAssign
                | Operator::DivAssign
                | Operator::ModAssign
                | Operator::ExpAssign
                | Operator::AndAssign
                | Operator::OrAssign
                | Operator::VariableIdentifierWrite { .. } => {
                    return Err(format!(
                        "«{text}» assigns a value: a formula only computes (use == to compare)"
                    ))
                }
                Operator::Chain => return Err(format!("«{text}» has «;»: write one formula")),
                Operator::Add
                | Operator::Sub
                | Operator::Mul
                | Operator::Div
                | Operator::Mod
                | Operator::Exp
                | Operator::Eq
                | Operator::Neq
                | Operator::Gt
                | Operator::Lt
                | Operator::Geq
                | Operator::Leq
                | Operator::And
                | Operator::Or
                    if node.children().len() != 2 =>
                {
                    return Err(format!(
                        "«{text}» is not a formula: an operator is missing a side"
                    ))
                }
                Operator::Const { value }
                    if !matches!(value, Value::Int(_) | Value::Float(_) | Value::Boolean(_)) =>
                {
                    return Err(format!(
                        "«{text}» has a text or an empty value: only numbers and names"
                    ))
                }
                Operator::FunctionIdentifier { identifier }
                    if !FUNCTIONS.contains(&identifier.as_str()) =>
                {
                    return Err(format!(
                        "«{text}» calls «{identifier}»: the functions are {}",
                        FUNCTIONS.join(", ")
                    ))
                }
                _ => {}
            }
        }
        // Every whole number written in the file becomes a decimal.
        for op in tree.iter_operators_mut() {
            if let Operator::Const {
                value: Value::Int(i),
            } = op
            {
                *op = Operator::Const {
                    value: Value::Float(*i as f64),
                };
            }
        }
        Ok(Formula {
            text: text.to_owned(),
            tree,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The names the formula reads, each once, in order of first use.
    pub fn names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for n in self.tree.iter_variable_identifiers() {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }

    /// The formula's number, with `values` for its names.
    pub fn number(&self, values: &BTreeMap<String, f64>) -> Result<f64, String> {
        match self.eval(values)? {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            Value::Boolean(b) => Ok(if b { 1.0 } else { 0.0 }),
            other => Err(format!("«{}» gives {other}, not a number", self.text)),
        }
    }

    /// Whether the formula holds (a comparison, or a number other than 0).
    pub fn holds(&self, values: &BTreeMap<String, f64>) -> Result<bool, String> {
        match self.eval(values)? {
            Value::Boolean(b) => Ok(b),
            Value::Float(f) => Ok(f != 0.0),
            Value::Int(i) => Ok(i != 0),
            other => Err(format!("«{}» gives {other}, not yes or no", self.text)),
        }
    }

    fn eval(&self, values: &BTreeMap<String, f64>) -> Result<Value, String> {
        let mut ctx = HashMapContext::new();
        for name in self.names() {
            let v = values
                .get(name)
                .ok_or_else(|| format!("«{}» needs «{name}», which has no value", self.text))?;
            ctx.set_value(name.to_owned(), Value::Float(*v))
                .map_err(|e| e.to_string())?;
        }
        let abs = Function::new(|arg: &Value| Ok(Value::Float(arg.as_number()?.abs())));
        let round = Function::new(|arg: &Value| Ok(Value::Float(arg.as_number()?.round())));
        ctx.set_function("abs".into(), abs)
            .map_err(|e| e.to_string())?;
        ctx.set_function("round".into(), round)
            .map_err(|e| e.to_string())?;
        let v = self
            .tree
            .eval_with_context(&ctx)
            .map_err(|e| format!("«{}» cannot be computed: {e}", self.text))?;
        if let Value::Float(f) = v {
            if !f.is_finite() {
                return Err(format!(
                    "«{}» gives no number here (a division by zero?)",
                    self.text
                ));
            }
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn arithmetic_is_decimal() {
        let f = Formula::parse("1 / 2 + a").unwrap();
        assert_eq!(f.number(&vals(&[("a", 1.0)])).unwrap(), 1.5);
        let vc = Formula::parse("(18 - red - yellow) / (18 - blue - green)").unwrap();
        // Norm positions: red 1, yellow 2, blue 5, green 3 → 15 / 10.
        assert_eq!(
            vc.number(&vals(&[
                ("red", 1.0),
                ("yellow", 2.0),
                ("blue", 5.0),
                ("green", 3.0)
            ]))
            .unwrap(),
            1.5
        );
    }

    #[test]
    fn comparisons_and_logic() {
        let f = Formula::parse("total >= 17").unwrap();
        assert!(f.holds(&vals(&[("total", 17.0)])).unwrap());
        assert!(!f.holds(&vals(&[("total", 16.0)])).unwrap());
        let g = Formula::parse("a == 1 || b == 1").unwrap();
        assert!(g.holds(&vals(&[("a", 0.0), ("b", 1.0)])).unwrap());
        assert!(!g.holds(&vals(&[("a", 0.0), ("b", 0.0)])).unwrap());
        assert!(Formula::parse("!(a > 2) && a != 0")
            .unwrap()
            .holds(&vals(&[("a", 1.0)]))
            .unwrap());
    }

    #[test]
    fn functions() {
        let v = vals(&[("a", -2.4), ("b", 3.0)]);
        assert_eq!(Formula::parse("abs(a)").unwrap().number(&v).unwrap(), 2.4);
        assert_eq!(
            Formula::parse("round(a)").unwrap().number(&v).unwrap(),
            -2.0
        );
        assert_eq!(
            Formula::parse("min(a, b)").unwrap().number(&v).unwrap(),
            -2.4
        );
        assert_eq!(
            Formula::parse("max(a, b)").unwrap().number(&v).unwrap(),
            3.0
        );
    }

    #[test]
    fn names_are_listed_once() {
        assert_eq!(
            Formula::parse("self - mother + self").unwrap().names(),
            vec!["self", "mother"]
        );
    }

    #[test]
    fn refused_formulas_say_why() {
        for (text, says) in [
            ("", "empty"),
            ("a +", "not a formula"),
            ("a = 3", "assigns"),
            ("a += 3", "assigns"),
            ("a; b", "«;»"),
            ("\"text\" == a", "text"),
            ("sqrt(a)", "the functions are"),
            ("str::len(a)", "the functions are"),
        ] {
            let e = Formula::parse(text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn a_missing_value_or_a_division_by_zero_is_an_error() {
        let f = Formula::parse("a / b").unwrap();
        assert!(f.number(&vals(&[("a", 1.0)])).unwrap_err().contains("«b»"));
        assert!(f
            .number(&vals(&[("a", 1.0), ("b", 0.0)]))
            .unwrap_err()
            .contains("division"));
    }
}
